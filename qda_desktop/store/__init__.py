"""Encrypted project storage: SQLCipher engine, ORM models, migrations, media blobs. No Qt."""
