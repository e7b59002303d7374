"""Config: pydantic models and the YAML loader."""

from tiercli.config.loader import default_config_text, load_config
from tiercli.config.models import Config

__all__ = ["Config", "default_config_text", "load_config"]
