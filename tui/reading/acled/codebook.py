"""What ACLED's codebook fixes: its event types and sub-event types, the types of its older layouts, and the actor
classes its numeric `inter1`/`inter2`/`interaction` codes stand for."""

from __future__ import annotations

SUB_EVENT_TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
        "Looting/property destruction", "Non-violent transfer of territory", "Other",
    ),
}
"""Event type -> its sub-event types (the codebook since 2019)."""

OLD_EVENT_TYPES = {
    "Battle-No change of territory": "Battles",
    "Battle-Government regains territory": "Battles",
    "Battle-Non-state actor overtakes territory": "Battles",
    "Remote violence": "Explosions/Remote violence",
    "Riots/Protests": "Riots/Protests",
    "Violence against civilians": "Violence against civilians",
    "Strategic development": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
}
"""The event types of the layouts before sub-event types (to 2018) -> the group they roll up to today. Riots and
protests were one type then, and stay one group: which of today's two a row was cannot be told."""

GROUP_OF = {
    **OLD_EVENT_TYPES,
    **{event_type: event_type for event_type in SUB_EVENT_TYPES},
    **{sub: event_type for event_type, subs in SUB_EVENT_TYPES.items() for sub in subs},
}
"""A type as the codebook writes it (a sub-event type, an event type, an old event type) -> its group."""

ACTOR_CLASSES = {
    "0": "", "1": "State forces", "2": "Rebel group", "3": "Political militia", "4": "Identity militia",
    "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces",
}
"""The numeric `inter1`/`inter2` codes of the layouts before 2024 -> the text the 2024 layout writes."""


def actor_class(code: str) -> str:
    """An `inter1`/`inter2` cell as text: a numeric code named, a text kept."""
    return ACTOR_CLASSES.get(code, code)


def interaction(code: str) -> str:
    """An `interaction` cell as text: `17` is `State forces-Civilians`, `60` is `Protesters only`; text is kept."""
    if len(code) != 2 or not code.isdigit():
        return code
    first, second = ACTOR_CLASSES.get(code[0], ""), ACTOR_CLASSES.get(code[1], "")
    if not first:
        return code
    return f"{first} only" if not second else f"{first}-{second}"
