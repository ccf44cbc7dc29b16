"""Backups of the database and the private storage, their restore, and the proof that nothing was lost.

``backup_create(output)`` writes into a new folder: the database (``pg_dump --format=custom`` on
PostgreSQL, SQLite's online backup API otherwise), the private storage as ``private.tar.gz``, and
``manifest.json`` — for every table its row count and the SHA-256 of its rows (canonical JSON, in key
order), for every stored file its SHA-256, and the digest of each of these files. ``backup_restore``
restores both into an empty database and an empty folder (anything else is refused: nothing is
overwritten); ``backup_check(manifest)`` recomputes every digest where the settings point (run it with
the restored ``DATABASE_URL`` and ``PRIVATE_STORAGE_ROOT``) and names what differs. docs/backups.md gives
the schedule.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
DATABASE_DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
PRIVATE_ARCHIVE = "private.tar.gz"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or a restore refused or failed; the message says why, in French."""


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, bytes | memoryview):
            return bytes(o).hex()
        return super().default(o)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_digests(using: str = "default") -> dict[str, dict]:
    """Row count and SHA-256 of the rows of every table of the project, in primary key order."""
    result = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        digest = hashlib.sha256()
        count = 0
        rows = model._base_manager.using(using).order_by("pk").values().iterator(chunk_size=2000)
        for row in rows:
            digest.update(json.dumps(row, cls=_Encoder, sort_keys=True).encode())
            digest.update(b"\n")
            count += 1
        result[meta.db_table] = {"rows": count, "sha256": digest.hexdigest()}
    return dict(sorted(result.items()))


def storage_digests(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): _file_sha256(path) for path in sorted(root.rglob("*")) if path.is_file()
    }


def private_root() -> Path:
    """Where the private storage keeps its files (local disk). Object storage (S3) is backed up by its
    own versioning and replication, not by this command (docs/backups.md)."""
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["private"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            "Le stockage privé n'est pas un disque local : sauvegardez-le par la réplication et les versions "
            "du service de stockage (voir docs/backups.md)."
        )
    return Path(storage.location)


def _vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env(config: dict) -> dict:
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return env


def _pg_args(config: dict) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if config.get(key):
            args += [flag, str(config[key])]
    return args


def _run(command: list[str], *, env: dict, what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} est introuvable : installez les outils clients de PostgreSQL."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{what} a échoué : {result.stderr.strip()[:500]}")


def backup_create(output: Path) -> dict:
    """Write a complete backup into ``output``, which must not exist yet."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(
            f"Le dossier {output} n'est pas vide : une sauvegarde n'en écrase jamais une autre."
        )
    output.mkdir(parents=True, exist_ok=True)
    vendor = _vendor()
    dump = output / DATABASE_DUMP[vendor]
    # The dump and the digests of the tables describe the same state of the database.
    if vendor == "postgresql":
        with transaction.atomic():  # one snapshot, shared with pg_dump
            config = connection.settings_dict
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    *_pg_args(config),
                    "-f",
                    str(dump),
                    config["NAME"],
                ],
                env=_pg_env(config),
                what="pg_dump",
            )
            tables = table_digests()
    else:
        # SQLite's online backup copies a consistent state; digests taken before and after must agree
        # (no write in between), else it starts again.
        for _attempt in range(3):
            before = table_digests()
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            tables = table_digests()
            if tables == before:
                break
            dump.unlink()
        else:
            raise BackupError("La base change sans cesse pendant la sauvegarde : réessayez plus tard.")
    # Each file is hashed as it goes into the archive, so the manifest describes the archive.
    root = private_root()
    files = {}
    with tarfile.open(output / PRIVATE_ARCHIVE, "w:gz") as archive:
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if path.is_file():
                name = str(path.relative_to(root))
                files[name] = _file_sha256(path)
                archive.add(path, arcname=name)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": vendor,
        "files": {dump.name: _file_sha256(dump), PRIVATE_ARCHIVE: _file_sha256(output / PRIVATE_ARCHIVE)},
        "tables": tables,
        "private_storage": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} est absent ou illisible : ce dossier n'est pas une sauvegarde.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Format de sauvegarde inconnu dans {path}.")
    for name, expected in manifest["files"].items():
        file = Path(folder) / name
        if not file.exists() or _file_sha256(file) != expected:
            raise BackupError(
                f"Le fichier {name} de la sauvegarde est absent ou altéré (empreinte différente)."
            )
    return manifest


def _pg_is_empty(config: dict) -> bool:
    import psycopg

    with psycopg.connect(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
    ) as conn:
        count = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    return count == 0


def backup_restore(folder: Path, *, database_url: str, private_root: Path) -> dict:
    """Restore the backup in ``folder`` into an empty database and an empty folder."""
    folder, private_root = Path(folder), Path(private_root)
    manifest = read_manifest(folder)
    config = dj_database_url.parse(database_url)
    engine = "postgresql" if "postgresql" in config["ENGINE"] else "sqlite"
    if engine != manifest["engine"]:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['engine']} : "
            "elle se restaure dans une base du même type."
        )
    if private_root.exists() and any(private_root.iterdir()):
        raise BackupError(f"Le dossier {private_root} n'est pas vide : la restauration n'écrase rien.")
    if engine == "postgresql":
        try:
            empty = _pg_is_empty(config)
        except Exception as exc:
            raise BackupError(f"La base cible ne répond pas : {exc}") from exc
        if not empty:
            raise BackupError(
                f"La base {config['NAME']} n'est pas vide : la restauration se fait dans une base neuve, "
                "pour ne rien écraser."
            )
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *_pg_args(config),
                "-d",
                config["NAME"],
                str(folder / DATABASE_DUMP["postgresql"]),
            ],
            env=_pg_env(config),
            what="pg_restore",
        )
    else:
        target = Path(config["NAME"])
        if target.exists() and target.stat().st_size > 0:
            raise BackupError(f"La base {target} existe déjà : la restauration n'écrase rien.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / DATABASE_DUMP["sqlite"], target)
    private_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / PRIVATE_ARCHIVE, "r:gz") as archive:
        archive.extractall(private_root, filter="data")
    return manifest


@dataclass
class CheckReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def backup_check(folder: Path) -> CheckReport:
    """Compare the database and private storage the settings point at with the backup's manifest."""
    manifest = read_manifest(folder)
    report = CheckReport()
    actual_tables = table_digests()
    for table, expected in manifest["tables"].items():
        actual = actual_tables.get(table)
        if actual is None:
            report.differences.append(f"table {table} absente")
        elif actual != expected:
            report.differences.append(
                f"table {table} : {actual['rows']} lignes au lieu de {expected['rows']}, ou contenu différent"
            )
        else:
            report.tables += 1
            report.rows += expected["rows"]
    actual_files = storage_digests(private_root())
    for name, expected in manifest["private_storage"].items():
        if actual_files.get(name) != expected:
            report.differences.append(f"fichier {name} absent ou différent")
        else:
            report.files += 1
    return report
