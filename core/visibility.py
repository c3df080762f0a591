"""Who may see drafts: the one rule every public surface asks, never re-stated."""


def sees_drafts(user):
    """An active staff user sees drafts (to preview them); nobody else does."""
    return bool(user is not None and user.is_active and user.is_staff)
