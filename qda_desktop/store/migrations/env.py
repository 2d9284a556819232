"""Alembic environment: always runs on the connection handed over by ``store.migrate``."""

from alembic import context

from qda_desktop.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
context.run_migrations()
