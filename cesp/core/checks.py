"""System checks of the platform's own (``manage.py check``, run by ``runserver`` and ``migrate``, and
by ``cesp/wsgi.py`` at start-up): with DEBUG off, the platform refuses to start without an antivirus,
or with a private storage that does not encrypt its files (docs/encryption.md).

Every supporting document is scanned by ClamAV before it can be used (docs/applications.md). Without a
scanner documents would pile up unusable, so production must configure one; ``DEMO_WITHOUT_ANTIVIRUS``
(documents accepted unscanned) exists for the demo on a machine without clamd and is refused here.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register

from cesp.core import antivirus

TAG = "antivirus"
ENCRYPTION_TAG = "encryption"


@register(ENCRYPTION_TAG)
def private_storage_encrypts(app_configs=None, **kwargs):
    from django.core.files.storage import storages

    if settings.DEBUG or getattr(storages["private"], "encrypts_at_rest", False):
        return []
    return [
        Error(
            "Le stockage privé ne chiffre pas ses fichiers : les pièces d'identité et justificatifs seraient "
            "gardés en clair.",
            hint="Laissez PRIVATE_STORAGE_BACKEND à cesp.core.encryption.EncryptedFileSystemStorage, ou "
            "donnez une classe qui hérite de cesp.core.encryption.EncryptingStorageMixin.",
            id="cesp.E003",
        )
    ]


@register(TAG)
def antivirus_configured(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    if getattr(settings, "DEMO_WITHOUT_ANTIVIRUS", False):
        problems.append(
            Error(
                "DEMO_WITHOUT_ANTIVIRUS est un réglage de démonstration : il accepte les pièces sans analyse "
                "antivirus.",
                hint="Retirez DEMO_WITHOUT_ANTIVIRUS de l'environnement de production.",
                id="cesp.E002",
            )
        )
    client = antivirus.client_from_settings()
    if client is None:
        problems.append(
            Error(
                "Aucun antivirus n'est configuré : les pièces des candidats ne pourraient pas être "
                "analysées.",
                hint="Indiquez le socket de clamd (CLAMD_SOCKET) ou son adresse (CLAMD_HOST, CLAMD_PORT) ; "
                "voir le README, « Antivirus ».",
                id="cesp.E001",
            )
        )
    elif not _answers(client):
        problems.append(
            Warning(
                f"clamd ne répond pas ({client!r}) : les pièces déposées resteront en attente d'analyse.",
                hint="Vérifiez que le service clamav-daemon est démarré et que son socket est accessible.",
                id="cesp.W001",
            )
        )
    return problems


def _answers(client) -> bool:
    client.timeout = min(client.timeout, 2.0)
    return client.ping()


def refuse_to_start_without_antivirus() -> None:
    """For the WSGI entry point, which runs no system check by itself (the antivirus, and the private
    storage's encryption)."""
    from django.core.checks import run_checks
    from django.core.exceptions import ImproperlyConfigured

    errors = [problem for problem in run_checks(tags=[TAG, ENCRYPTION_TAG]) if problem.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.id} : {e.msg} {e.hint}" for e in errors))
