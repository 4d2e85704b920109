from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page with the club's home page, root of the default site."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("pages.HomePage")

    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    Site.objects.all().delete()

    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="pages")
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        slug="accueil",
        content_type=homepage_type,
        locale=locale,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        live=True,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.create(hostname="localhost", port=80, root_page=homepage, is_default_site=True,
                        site_name="Club Chorus Pro")


def remove_homepage(apps, schema_editor):
    apps.get_model("pages.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
