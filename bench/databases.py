"""The benchmark's PostgreSQL databases: names derived from one base URL, created when missing."""

from urllib.parse import urlsplit, urlunsplit


def database_url(base, suffix=""):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=parts.path + suffix))


def ensure_database(url):
    """Create the database named by the URL when it does not exist (connecting to `postgres`)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"==> Creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
