"""Input: readers, header aliases, value coercion, normalization, currency conversion."""
