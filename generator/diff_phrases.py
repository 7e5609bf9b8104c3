"""The sentences of the breaking-change report, per language: the report prints English, the changelog page the
language of its page. Each change names a phrase and the values that fill it in."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "event-removed": "event '{0}' removed",
        "event-added": "event '{0}' added",
        "text-changed": "{0} changed",
        "now-one-of": "{0}: the old type is now one of {1} alternatives",
        "alternative-removed": "{0} alternative {1} removed",
        "alternative-added": "{0} alternative {1} added",
        "type-narrowed": "type narrowed: {0} -> {1}",
        "type-widened": "type widened: {0} -> {1}",
        "type-changed": "type changed: {0} -> {1}",
        "format-changed": "format {0} -> {1}",
        "keyword-changed": "{0} {1} -> {2}",
        "enum-value-removed": "enum value {0} removed",
        "enum-value-added": "enum value {0} added",
        "field-removed": "field '{0}' removed",
        "field-now-optional": "field '{0}' is now optional",
        "field-now-required": "field '{0}' is now required",
        "required-field-added": "required field '{0}' added",
        "optional-field-added": "optional field '{0}' added",
    },
    "ru": {
        "event-removed": "событие '{0}' удалено",
        "event-added": "событие '{0}' добавлено",
        "text-changed": "изменён текст: {0}",
        "now-one-of": "{0}: прежний тип стал одним из {1} вариантов",
        "alternative-removed": "{0}: удалён вариант {1}",
        "alternative-added": "{0}: добавлен вариант {1}",
        "type-narrowed": "тип сужен: {0} -> {1}",
        "type-widened": "тип расширен: {0} -> {1}",
        "type-changed": "тип изменён: {0} -> {1}",
        "format-changed": "формат {0} -> {1}",
        "keyword-changed": "{0} {1} -> {2}",
        "enum-value-removed": "значение enum {0} удалено",
        "enum-value-added": "значение enum {0} добавлено",
        "field-removed": "поле '{0}' удалено",
        "field-now-optional": "поле '{0}' стало необязательным",
        "field-now-required": "поле '{0}' стало обязательным",
        "required-field-added": "добавлено обязательное поле '{0}'",
        "optional-field-added": "добавлено необязательное поле '{0}'",
    },
}
