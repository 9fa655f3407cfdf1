"""Typed records of a workspace: one class per kind of TOML file.

Every field carries a description; the descriptions feed the JSON Schemas, the in-app help and the
handbook. Optional text fields default to an empty string, optional lists to an empty list, so a
hand-written file can leave out whatever it does not need. Ids are never stored inside a file:
they come from the file name.

No ``from __future__ import annotations`` here: msgspec reads these classes' annotations on the
first conversion of each, and string annotations would make it compile and evaluate every one
of them (some 330 ``compile`` calls, ~15 ms of each ``smgov check``); as objects they are built
once, at import. A class is named only after it is defined (the classes are in that order).
"""

import datetime as dt
from typing import Annotated, Literal

import msgspec

from smgov_tui.core.crisis_actions import Action

FORMAT_VERSION = 1

Network = Literal[
    "facebook",
    "instagram",
    "x",
    "tiktok",
    "linkedin",
    "youtube",
    "threads",
    "bluesky",
    "mastodon",
    "pinterest",
    "twitch",
    "whatsapp",
    "telegram",
    "blog",
    "other",
]
NETWORKS: tuple[str, ...] = Network.__args__  # type: ignore[attr-defined]

Status = Literal["active", "paused", "archived"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

ContactKind = Literal["legal", "pr_agency", "executive", "it_security", "platform_support", "other"]
CONTACT_KINDS: tuple[str, ...] = ContactKind.__args__  # type: ignore[attr-defined]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]

Language = Literal["es", "en"]

IncidentStatus = Literal["open", "closed"]

WatchKind = Literal["brand", "product", "executive", "competitor", "hashtag", "topic"]
WATCH_KINDS: tuple[str, ...] = WatchKind.__args__  # type: ignore[attr-defined]

CallOutcome = Literal["reached", "no_answer", "left_message", "not_called"]
CALL_OUTCOMES: tuple[str, ...] = CallOutcome.__args__  # type: ignore[attr-defined]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CLOCK_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"

Slug = Annotated[str, msgspec.Meta(pattern=SLUG_PATTERN, max_length=64)]
Clock = Annotated[str, msgspec.Meta(pattern=CLOCK_PATTERN)]
PositiveInt = Annotated[int, msgspec.Meta(ge=1)]
AwareDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True)]


def doc(text: str) -> msgspec.Meta:
    """A field description (shorthand used by the record classes)."""
    return msgspec.Meta(description=text)


class Record(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Base class of every record: keyword-only fields, defaults left out when encoded."""


ALL_DEPARTMENTS = "all"
"""The word ``plan.departments`` holds when every department owns the plan together."""


class Plan(Record):
    """``[plan]`` of ``workspace.toml``: who owns the plan, who champions it, who approved it
    and when it is next reviewed (a plan nobody owns or reviews dies quietly)."""

    departments: Annotated[
        list[str],
        doc(
            'Departments that own the plan, named as in accounts and owners; ["all"] when the '
            "whole organisation owns it together."
        ),
    ] = []
    owner: Annotated[
        str, doc("Id of the owner (owners/<id>.toml) who answers for the plan and keeps it alive.")
    ] = ""
    evangelists: Annotated[
        list[str],
        doc("Ids of the owners who champion the plan inside the organisation."),
    ] = []
    approved_by: Annotated[
        str, doc("Who approved the plan: a person or a body, e.g. the management committee.")
    ] = ""
    approved_on: Annotated[dt.date | None, doc("Date the plan was approved (YYYY-MM-DD).")] = None
    next_review: Annotated[
        dt.date | None, doc("Date by which the plan is reviewed again (YYYY-MM-DD).")
    ] = None


class WorkspaceMeta(Record):
    """``workspace.toml``: the organisation and the defaults for the whole workspace."""

    organisation: Annotated[str, doc("Legal or common name of the organisation.")]
    brand: Annotated[str, doc("Brand name used in posts and holding statements.")] = ""
    objectives: Annotated[
        list[str], doc("What social media is for here: measurable objectives, one per item.")
    ] = []
    default_response_hours: Annotated[
        PositiveInt,
        doc("Hours within which every message gets an answer, unless an account says otherwise."),
    ] = 24
    timezone: Annotated[str, doc("IANA time zone of the organisation, e.g. Europe/Madrid.")] = "UTC"
    language: Annotated[Language, doc("Language of the workspace texts: es or en.")] = "en"
    format_version: Annotated[int, doc("Version of this file format; 1 today.")] = FORMAT_VERSION
    plan: Annotated[
        Plan | None,
        doc("Who owns, champions and approved the plan, and when it is next reviewed."),
    ] = None


class Account(Record):
    """``accounts/<id>.toml``: one social media account and the people in charge of it."""

    network: Annotated[Network, doc("Social network the account lives on.")]
    handle: Annotated[str, msgspec.Meta(min_length=1), doc("Public handle, e.g. @laesquina.")]
    url: Annotated[str, doc("Public address of the profile.")] = ""
    department: Annotated[str, doc("Department that the account speaks for.")] = ""
    purpose: Annotated[str, doc("Why this account exists: audience and goal.")] = ""
    owner: Annotated[
        str, doc("Id of the owner (owners/<id>.toml) responsible for the account.")
    ] = ""
    backup_owner: Annotated[str, doc("Id of the owner who stands in when the owner is away.")] = ""
    status: Annotated[Status, doc("active, paused or archived.")] = "active"
    response_sla_hours: Annotated[
        PositiveInt | None,
        doc("Hours within which messages get an answer; the workspace default when left out."),
    ] = None
    posting_frequency: Annotated[str, doc("How often the account posts, e.g. 3 per week.")] = ""
    last_reviewed: Annotated[
        dt.date | None, doc("Date of the last review of this account (YYYY-MM-DD).")
    ] = None
    credentials_location: Annotated[
        str, doc("WHERE the credentials are kept (a vault, a person). Never a password or token.")
    ] = ""
    scheduler_url: Annotated[
        str,
        doc(
            "Link to the tool where the account's scheduled posts live (e.g. its Metricool "
            "planner), opened to pause them in a crisis."
        ),
    ] = ""
    notes: Annotated[str, doc("Anything else worth knowing.")] = ""
    languages: Annotated[
        list[str],
        doc(
            "Languages this account posts in (es, en, ca... or their names); the "
            "communication protocol's when empty. The draft check warns of any other."
        ),
    ] = []
    required_hashtags: Annotated[
        list[str], doc("Hashtags every post of this account carries, with the #.")
    ] = []


class WorkingHours(Record):
    """When a person works, in their own time zone."""

    days: Annotated[list[Weekday], doc("Working days: mon, tue, wed, thu, fri, sat, sun.")] = (
        msgspec.field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    )
    start: Annotated[Clock, doc("Start of the working day, HH:MM.")] = "09:00"
    end: Annotated[Clock, doc("End of the working day, HH:MM (may be 24:00).")] = "18:00"


class Owner(Record):
    """``owners/<id>.toml``: one person who owns or backs up accounts."""

    name: Annotated[str, msgspec.Meta(min_length=1), doc("Full name.")]
    role: Annotated[str, doc("Id of a role defined in protocols/management.toml.")] = ""
    department: Annotated[str, doc("Department the person belongs to.")] = ""
    email: Annotated[str, doc("Work email address.")] = ""
    phone: Annotated[str, doc("Phone number in international format, e.g. +34 600 000 000.")] = ""
    timezone: Annotated[str, doc("IANA time zone; the workspace's when left out.")] = ""
    working_hours: Annotated[
        WorkingHours | None, doc("Days and hours the person works, in their time zone.")
    ] = None
    trained_on: Annotated[
        dt.date | None, doc("Date the person was last trained on these protocols.")
    ] = None
    active: Annotated[bool, doc("false once the person has left or no longer takes part.")] = True
    deputy_for: Annotated[
        list[str],
        doc(
            "Ids of other roles the person stands in for when their holders are away; a deputy "
            "is named in those roles' crisis steps and counts as holding them."
        ),
    ] = []
    notes: Annotated[str, doc("Anything else worth knowing.")] = ""


class Contact(Record):
    """``contacts/<id>.toml``: somebody to call in a crisis."""

    name: Annotated[str, msgspec.Meta(min_length=1), doc("Person or desk to call.")]
    kind: Annotated[
        ContactKind,
        doc("legal, pr_agency, executive, it_security, platform_support or other."),
    ]
    organisation: Annotated[str, doc("Firm or department the contact belongs to.")] = ""
    phone: Annotated[
        str, doc("Phone number in international format; required to be reachable.")
    ] = ""
    email: Annotated[str, doc("Email address.")] = ""
    escalation_level: Annotated[
        PositiveInt, doc("1 is called first; higher levels are called when a crisis escalates.")
    ] = 1
    always_reachable: Annotated[
        bool, doc("true when the contact answers at any hour of any day (24/7).")
    ] = False
    reachable_hours: Annotated[
        list[WorkingHours],
        doc(
            "When the contact can be reached, as weekly hours in their time zone; crisis mode "
            "lists who is reachable now first. Empty when unknown (or always_reachable)."
        ),
    ] = []
    timezone: Annotated[
        str, doc("IANA time zone of the reachable hours; the workspace's when left out.")
    ] = ""
    availability: Annotated[
        str,
        doc(
            "A note on when and how the contact can be reached, e.g. urgent matters out of "
            "hours by phone (the hours themselves go in reachable_hours)."
        ),
    ] = ""
    notes: Annotated[str, doc("Anything else worth knowing.")] = ""


class CommunicationProtocol(Record):
    """``protocols/communication.toml``: WHAT we say."""

    key_messages: Annotated[list[str], doc("The messages every account should carry.")] = []
    voice_and_tone: Annotated[str, doc("How the brand sounds: voice, tone, register.")] = ""
    keywords: Annotated[list[str], doc("Words we want to be found for.")] = []
    banned_topics: Annotated[list[str], doc("Topics we never post or answer about.")] = []
    hashtags: Annotated[list[str], doc("Official hashtags, with the #.")] = []
    languages: Annotated[list[str], doc("Languages we publish in.")] = []
    approved_phrases: Annotated[list[str], doc("Phrases ready to use in answers.")] = []
    employee_guidelines: Annotated[
        list[str], doc("What employees may and may not say about the organisation.")
    ] = []
    banned_words: Annotated[
        list[str],
        doc(
            "Words and phrases a post never uses: the draft check refuses them as whole words, "
            "ignoring case and accents."
        ),
    ] = []
    sensitive_words: Annotated[
        list[str],
        doc(
            "Words that point at a banned topic: the draft check warns, and a person reads the "
            "post again."
        ),
    ] = []
    link_domains: Annotated[
        list[str],
        doc("Domains posts may link to, e.g. example.org; links elsewhere get a warning."),
    ] = []
    max_hashtags: Annotated[
        PositiveInt | None,
        doc("Most hashtags in one post on any network; the network's own limit also applies."),
    ] = None
    max_mentions: Annotated[
        PositiveInt | None,
        doc("Most @mentions in one post on any network; the network's own limit also applies."),
    ] = None


class Role(Record):
    """A role of the management protocol (who)."""

    id: Annotated[Slug, doc("Short id used by owners and playbook steps, e.g. community-manager.")]
    title: Annotated[str, doc("Name of the role.")] = ""
    responsibilities: Annotated[str, doc("What the person in this role does.")] = ""
    training_topics: Annotated[
        list[str],
        doc("What a person in this role is trained on (the protocols, a tool, crisis mode...)."),
    ] = []
    training_every_days: Annotated[
        PositiveInt | None,
        doc(
            "Days after which a person in this role is trained again (trained_on of the owner); "
            "no refresh is asked for when left out."
        ),
    ] = None


class ApprovalRule(Record):
    """What needs approval, and by whom (how)."""

    content: Annotated[str, doc("Kind of content that needs approval.")]
    approver: Annotated[str, doc("Id of the role that approves it.")] = ""
    notes: Annotated[str, doc("How the approval is given.")] = ""


class CalendarEntry(Record):
    """One slot of the posting calendar (when and where)."""

    days: Annotated[list[Weekday], doc("Days of the week this slot repeats on.")]
    time: Annotated[
        Annotated[str, msgspec.Meta(pattern=r"^$|" + CLOCK_PATTERN)], doc("Time of day, HH:MM.")
    ] = ""
    account: Annotated[str, doc("Id of the account that publishes; empty for all accounts.")] = ""
    content: Annotated[str, doc("What is published in this slot.")] = ""


class ResponseTime(Record):
    """How fast each kind of message gets an answer."""

    channel: Annotated[str, doc("Kind of message, e.g. comments, direct messages, complaints.")]
    hours: Annotated[PositiveInt, doc("Hours within which it is answered.")]


OptionalClock = Annotated[str, msgspec.Meta(pattern=r"^$|" + CLOCK_PATTERN)]


class RotaOverride(Record):
    """A change to the turns of the rota: a swap, a holiday cover, an extra shift.

    It runs from ``from_date`` at ``from_time`` until ``until_date`` at ``until_time``, in the
    rota's time zone; a time left out is the rota's handover time, so whole turns are easy.
    """

    person: Annotated[str, doc("Id of the person (owners/<id>.toml) on call instead.")]
    from_date: Annotated[dt.date, doc("Day the change starts (YYYY-MM-DD).")]
    until_date: Annotated[
        dt.date, doc("Day the change ends (YYYY-MM-DD): the rota takes over again then.")
    ]
    from_time: Annotated[
        OptionalClock, doc("Time it starts, HH:MM; the rota's handover time when left out.")
    ] = ""
    until_time: Annotated[
        OptionalClock, doc("Time it ends, HH:MM; the rota's handover time when left out.")
    ] = ""
    reason: Annotated[str, doc("Why: a swap and with whom, a holiday, a sick leave.")] = ""


class Rota(Record):
    """Who is on call: people in turns of ``turn_days`` days, handing over on ``handover_day``
    at ``handover_time``, plus the overrides (swaps, holidays) that change a turn."""

    people: Annotated[
        list[str], doc("Ids of the people (owners/<id>.toml) who take turns, in turn order.")
    ]
    first_day: Annotated[
        dt.date,
        doc(
            "The first turn starts on the first handover_day on or after this date "
            "(YYYY-MM-DD); the first person in people takes it."
        ),
    ]
    turn_days: Annotated[PositiveInt, doc("Length of a turn in days: 7 for weekly turns.")] = 7
    handover_day: Annotated[
        Weekday, doc("Day of the week of the first handover: mon, tue, wed, thu, fri, sat, sun.")
    ] = "mon"
    handover_time: Annotated[Clock, doc("Time of day the turn changes hands, HH:MM.")] = "09:00"
    timezone: Annotated[
        str, doc("IANA time zone of the handover times; the workspace's when left out.")
    ] = ""
    role: Annotated[
        str, doc("Id of the role the person on call holds (a role of this protocol).")
    ] = "on-call"
    answers_messages: Annotated[
        bool,
        doc(
            "true: the person on call also answers messages out of hours, so the response "
            "coverage check counts their turns; false for a rota kept for crises only."
        ),
    ] = True
    overrides: Annotated[
        list[RotaOverride], doc("Changes to the turns; a later one wins where two overlap.")
    ] = []


class ManagementProtocol(Record):
    """``protocols/management.toml``: WHO, HOW, WHEN, WHERE and WHY."""

    purpose: Annotated[str, doc("Why the organisation is on social media (the why).")] = ""
    roles: Annotated[list[Role], doc("Roles and responsibilities (who).")] = []
    approval_rules: Annotated[
        list[ApprovalRule], doc("What needs approval and by whom (how).")
    ] = []
    calendar: Annotated[list[CalendarEntry], doc("Posting calendar (when, where).")] = []
    response_times: Annotated[list[ResponseTime], doc("Response times by kind of message.")] = []
    review_cadence_days: Annotated[
        PositiveInt, doc("Every account is reviewed at least this often, in days.")
    ] = 90
    rota: Annotated[Rota | None, doc("Who is on call, in turns (the on-call rota).")] = None


class Watched(Record):
    """One thing the team listens for: a name, a person, a competitor, a hashtag."""

    term: Annotated[
        str, msgspec.Meta(min_length=1), doc("The name, handle, hashtag or phrase watched.")
    ]
    kind: Annotated[WatchKind, doc("brand, product, executive, competitor, hashtag or topic.")] = (
        "brand"
    )
    notes: Annotated[str, doc("Why it is watched, spellings and handles to include.")] = ""


class Threshold(Record):
    """A level of activity that opens a crisis playbook: more than ``above`` of ``signal``
    within ``within_minutes`` points to ``playbook``."""

    signal: Annotated[
        str,
        msgspec.Meta(min_length=1),
        doc("What is counted, e.g. comments on one post, negative mentions of the brand."),
    ]
    above: Annotated[
        Annotated[int, msgspec.Meta(ge=0)],
        doc("More than this many opens the playbook (0: the first one does)."),
    ]
    playbook: Annotated[str, doc("Id of the crisis playbook it points to (protocols/crisis/).")]
    within_minutes: Annotated[PositiveInt, doc("Counted over this many minutes.")] = 60
    notes: Annotated[str, doc("What else to look at before opening it.")] = ""


class ListeningProtocol(Record):
    """``protocols/listening.toml``: what we listen for before we speak, where, by whom and
    when, and the thresholds that open a crisis playbook."""

    purpose: Annotated[str, doc("Why we listen and what we do with what we hear.")] = ""
    watch: Annotated[
        list[Watched],
        doc("What is monitored: brand and product names, executives, competitors, hashtags."),
    ] = []
    networks: Annotated[list[str], doc("Where: the networks and sites listened to.")] = []
    tools: Annotated[list[str], doc("Where: the listening tools and alerts used.")] = []
    role: Annotated[
        str, doc("Id of the role that listens (a role of the management protocol).")
    ] = ""
    days: Annotated[list[Weekday], doc("Days someone listens.")] = []
    start: Annotated[OptionalClock, doc("Listening starts at, HH:MM.")] = ""
    end: Annotated[OptionalClock, doc("Listening ends at, HH:MM.")] = ""
    check_every_minutes: Annotated[
        PositiveInt, doc("Within those hours, the mentions are checked this often, in minutes.")
    ] = 60
    thresholds: Annotated[
        list[Threshold], doc("Levels of activity that open a crisis playbook.")
    ] = []


class Severity(Record):
    """A severity level of a crisis playbook."""

    id: Annotated[Slug, doc("Short id, e.g. high.")]
    label: Annotated[str, doc("Name shown to people.")] = ""
    first_response_minutes: Annotated[
        PositiveInt, doc("Minutes within which the first public response must be out.")
    ] = 60
    description: Annotated[str, doc("When this level applies.")] = ""


class Step(Record):
    """One step of a crisis playbook."""

    id: Annotated[Slug, doc("Short id, unique in the playbook; the incident log refers to it.")]
    title: Annotated[str, msgspec.Meta(min_length=1), doc("What to do, in a few words.")]
    detail: Annotated[str, doc("How to do it.")] = ""
    role: Annotated[str, doc("Id of the role that does it (management protocol).")] = ""
    contacts: Annotated[list[str], doc("Ids of the crisis contacts to call in this step.")] = []
    statement: Annotated[str, doc("Id of the holding statement to publish in this step.")] = ""
    pause_accounts: Annotated[
        list[str],
        doc(
            "Ids of the accounts whose scheduled posts this step pauses (the incident's affected "
            "account is added); the step is done once each one is confirmed paused."
        ),
    ] = []
    severities: Annotated[
        list[str], doc("Ids of the severities this step applies to; all when empty.")
    ] = []


class Statement(Record):
    """A holding statement, ready to publish.

    Placeholders in ``text``: {brand}, {organisation}, {date}, {time}, {account}.
    """

    id: Annotated[Slug, doc("Short id used by steps.")]
    title: Annotated[str, doc("What the statement is for.")] = ""
    text: Annotated[
        str, doc("Text to publish; may use {brand}, {organisation}, {date}, {time}.")
    ] = ""


class Playbook(Record):
    """``protocols/crisis/<id>.toml``: what to do when reputation is at stake."""

    title: Annotated[str, msgspec.Meta(min_length=1), doc("Name of the crisis.")]
    trigger: Annotated[str, doc("What starts this playbook.")] = ""
    reminder_minutes: Annotated[
        PositiveInt, doc("Remind the person on call when no update was logged for this long.")
    ] = 30
    severities: Annotated[list[Severity], doc("Severity levels, mildest first.")] = []
    steps: Annotated[list[Step], doc("Ordered steps.")] = []
    statements: Annotated[list[Statement], doc("Holding statements used by the steps.")] = []


_ACTION_WORDS = ", ".join(a.value for a in list(Action)[:-1]) + f" or {list(Action)[-1].value}."
"""The words a log entry's action may be (its field doc, in the schema), from :class:`Action`."""


class Call(Record):
    """One contact of an escalation and what came of calling them."""

    contact: Annotated[str, doc("Id of the contact (contacts/<id>.toml).")]
    who: Annotated[
        str, doc("The contact as called: name, organisation and phone (the file may change).")
    ] = ""
    outcome: Annotated[CallOutcome, doc("reached, no_answer, left_message or not_called.")] = (
        "not_called"
    )


class LogEntry(Record):
    """One line of an incident's log: who did what, and when."""

    at: Annotated[AwareDateTime, doc("When it happened, with its UTC offset.")]
    author: Annotated[str, doc("Who did it, as Name <email>.")]
    action: Annotated[Action, doc(_ACTION_WORDS)]
    step: Annotated[str, doc("Id of the playbook step, when the action is about one.")] = ""
    note: Annotated[str, doc("Free text: a note, the reason for a skip, who was called.")] = ""
    calls: Annotated[
        list[Call], doc("An escalation: each contact of the level and what came of the call.")
    ] = []
    paused: Annotated[
        list[str], doc("A pause step done: ids of the accounts confirmed paused.")
    ] = []
    severity: Annotated[
        str, doc("Id of the playbook severity the incident changed to (severity entries).")
    ] = ""


class Incident(Record):
    """``incidents/<id>.toml``: one crisis, written by crisis mode."""

    playbook: Annotated[str, doc("Id of the playbook followed.")]
    severity: Annotated[str, doc("Id of the playbook severity chosen.")]
    opened_at: Annotated[AwareDateTime, doc("When the incident was opened.")]
    opened_by: Annotated[str, doc("Who opened it, as Name <email>.")] = ""
    title: Annotated[str, doc("Short description of what happened.")] = ""
    account: Annotated[str, doc("Id of the affected account; fills {account} in statements.")] = ""
    status: Annotated[IncidentStatus, doc("open or closed.")] = "open"
    closed_at: Annotated[AwareDateTime | None, doc("When the incident was closed.")] = None
    summary: Annotated[str, doc("Resolution summary, written when closing.")] = ""
    lessons: Annotated[str, doc("Lessons learned, written when closing.")] = ""
    log: Annotated[list[LogEntry], doc("Every action, in order.")] = []
