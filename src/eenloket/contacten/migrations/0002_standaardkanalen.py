from django.db import migrations

KANALEN = [
    ("telefoon", "Telefoon"),
    ("balie", "Balie"),
    ("email", "E-mail"),
    ("chat", "Chat"),
    ("whatsapp", "WhatsApp"),
    ("social", "Social media / webcare"),
    ("brief", "Brief"),
    ("webformulier", "Webformulier"),
    ("huisbezoek", "Huisbezoek"),
]


def standaardkanalen(apps, schema_editor):
    """Organisations that existed before the contact centre get the default channels."""
    Organisatie = apps.get_model("core", "Organisatie")
    Kanaal = apps.get_model("contacten", "Kanaal")
    for organisatie in Organisatie.objects.all():
        for volgorde, (code, naam) in enumerate(KANALEN):
            Kanaal.objects.get_or_create(
                organisatie=organisatie, code=code, defaults={"naam": naam, "soort": code, "volgorde": volgorde}
            )


class Migration(migrations.Migration):
    dependencies = [("contacten", "0001_initial")]
    operations = [migrations.RunPython(standaardkanalen, migrations.RunPython.noop)]
