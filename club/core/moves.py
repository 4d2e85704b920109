"""Moving models from one app to another without touching their tables.

A model that changes app keeps its table (`Meta.db_table`) and its rows; the migrations only
move it in Django's state (`SeparateDatabaseAndState`). What does change is its content type
(`app_label`), and everything keyed by content type points at that row: permissions, the audit
log's targets, taggit's tagged items, the admin's and Wagtail's logs. Renaming the row, rather
than letting a new one be created, keeps all of them attached.
"""

from collections.abc import Callable, Iterable


def _relabel(apps, alias: str, old_label: str, new_label: str, models: Iterable[str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    types = ContentType.objects.using(alias)
    for model in models:
        old = types.filter(app_label=old_label, model=model).first()
        if old is None:
            continue  # a fresh database: the content type is created after the migrations
        new = types.filter(app_label=new_label, model=model).first()
        if new is not None:
            # Running code asked for the new content type before this migration ran. The old
            # row carries the history: fold the new one into it, then rename the old one.
            kept = Permission.objects.using(alias).filter(content_type=old).values("codename")
            Permission.objects.using(alias).filter(content_type=new, codename__in=kept).delete()
            for state_model in apps.get_models():
                for field in state_model._meta.concrete_fields:
                    if field.is_relation and field.related_model is ContentType:
                        state_model._base_manager.using(alias).filter(**{field.name: new}).update(
                            **{field.name: old}
                        )
            new.delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])


def relabel_content_types(
    old_label: str, new_label: str, models: Iterable[str]
) -> tuple[Callable, Callable]:
    """The forward and backward functions of a `RunPython` that moves content types."""
    models = tuple(models)

    def forwards(apps, schema_editor) -> None:
        _relabel(apps, schema_editor.connection.alias, old_label, new_label, models)

    def backwards(apps, schema_editor) -> None:
        _relabel(apps, schema_editor.connection.alias, new_label, old_label, models)

    return forwards, backwards
