"""The one settings object. Every field can be set as `QA_<FIELD>` in the environment or in a TOML file.

The TOML file is `qa.toml` in the working directory, or the path in `QA_CONFIG`.
Environment variables win over the file; explicit CLI options win over both.

The fields are declared by part in qa/settings_groups.py and read flat (`settings.top_k`) or by group
(`settings.retrieval.top_k`); `GROUPS` says which group each belongs to.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import ValidationError
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from qa.settings_file import config_file, read_config_file, where_set
from qa.settings_groups import (
    PROJECT_ROOT,
    AnswerSettings,
    IngestSettings,
    LlmSettings,
    PathSettings,
    RetrievalSettings,
    ServiceSettings,
    SettingsGroup,
    UiSettings,
)
from store.prefixes import default_prefixes

__all__ = [
    "ANSWER_MODES",
    "GROUPS",
    "PROJECT_ROOT",
    "AnswerMode",
    "Settings",
    "get_settings",
    "load_settings",
]

AnswerMode = Literal["grounded", "generative"]
ANSWER_MODES: dict[str, AnswerMode] = {"grounded": "grounded", "generative": "generative"}

# group name (the attribute of Settings, the heading in `qa config`) -> the model that declares its fields
GROUPS: dict[str, type[SettingsGroup]] = {
    "paths": PathSettings,
    "ingest": IngestSettings,
    "retrieval": RetrievalSettings,
    "answer": AnswerSettings,
    "llm": LlmSettings,
    "ui": UiSettings,
    "service": ServiceSettings,
}

Group = TypeVar("Group", bound=SettingsGroup)


class Settings(
    BaseSettings,
    # pydantic collects fields from the last base first: listed in reverse, they keep GROUPS' order
    ServiceSettings,
    UiSettings,
    LlmSettings,
    AnswerSettings,
    RetrievalSettings,
    IngestSettings,
    PathSettings,
):
    """Every setting as a flat field (as the environment, `qa.toml` and the CLI name them), with a read-only
    view per group."""

    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore", validate_default=True, frozen=False)

    def group(self, model: type[Group]) -> Group:
        """This group's values, read-only (a snapshot: a later change of the settings is not in it)."""
        return model.model_construct(**{name: getattr(self, name) for name in model.model_fields})

    @property
    def paths(self) -> PathSettings:
        return self.group(PathSettings)

    @property
    def ingest(self) -> IngestSettings:
        return self.group(IngestSettings)

    @property
    def retrieval(self) -> RetrievalSettings:
        return self.group(RetrievalSettings)

    @property
    def answer(self) -> AnswerSettings:
        return self.group(AnswerSettings)

    @property
    def llm(self) -> LlmSettings:
        return self.group(LlmSettings)

    @property
    def ui(self) -> UiSettings:
        return self.group(UiSettings)

    @property
    def service(self) -> ServiceSettings:
        return self.group(ServiceSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = config_file()
        toml = InitSettingsSource(settings_cls, read_config_file(path) if path is not None else {})
        return (init_settings, env_settings, toml)

    def answer_mode_for(self, backend: str, requested: str | None = None) -> AnswerMode:
        """The answer mode for a question: an explicit request wins, then the setting, and `auto` means
        the backend's `default_mode`: grounded for the local and extractive backends (a small model must
        not write) and generative for hosted ones (a strong model writes, the checks verify)."""
        from qa.llm import backend_class

        for choice in (requested, self.answer_mode):
            if choice in ANSWER_MODES:
                return ANSWER_MODES[choice]
        return backend_class(backend).default_mode

    def api_key(self) -> str | None:
        if self.llm_api_key is not None:
            return self.llm_api_key.get_secret_value()
        return os.environ.get("OPENAI_API_KEY")

    def effective_query_prefix(self) -> str:
        if self.query_prefix is not None:
            return self.query_prefix
        return default_prefixes(Path(self.embedding_model).name)[0]

    def effective_passage_prefix(self) -> str:
        if self.passage_prefix is not None:
            return self.passage_prefix
        return default_prefixes(Path(self.embedding_model).name)[1]


def load_settings(**values: object) -> Settings:
    """Settings from init values, environment and TOML; an invalid value is a one-line ConfigError naming
    where it was set (the variable, or the settings file and line)."""
    from qa.errors import ConfigError

    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "?"
        where = f"QA_{field.upper()}" if field in values else where_set(field)
        raise ConfigError(
            f"invalid setting {where}: {first['msg']}", "fix the environment variable or qa.toml"
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
