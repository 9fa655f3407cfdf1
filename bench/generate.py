"""Generate a large, realistic smgov workspace with a long git history, fast.

The files look like the sample's (comments at the top, every field filled in), the references
are valid (owners, roles, contacts, statements, severities), and a handful of deliberate
problems are planted so that ``smgov check`` has real work to report (see ``PLANTED``).

The history is built with ``git fast-import`` in one stream instead of one ``git commit`` per
change: the records are added in batches, then every later commit changes one field of one
record, as the app would. Each record's versions are derived backwards from its final text, so
the last commit's tree is exactly the files on disk (``git reset --hard`` writes them from it).
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NETWORKS = ["instagram", "facebook", "x", "tiktok", "linkedin", "youtube", "threads", "bluesky"]
DEPARTMENTS = [
    ("retail", "Retail"),
    ("marketing", "Marketing"),
    ("customer-care", "Customer care"),
    ("hr", "People and talent"),
    ("corporate", "Corporate communication"),
    ("events", "Events"),
    ("foundation", "Foundation"),
    ("product", "Product"),
]
CITIES = ["madrid", "barcelona", "valencia", "sevilla", "bilbao", "malaga", "zaragoza", "vigo"]
FIRST = [
    "Ana",
    "Luis",
    "Marta",
    "Jorge",
    "Lucia",
    "Pablo",
    "Elena",
    "Diego",
    "Sara",
    "Hugo",
    "Carmen",
    "Raul",
    "Irene",
    "Alba",
    "Mario",
    "Nuria",
    "Ivan",
    "Paula",
    "Sergio",
    "Laura",
]
LAST = [
    "Ruiz",
    "Gomez",
    "Lopez",
    "Martin",
    "Sanz",
    "Diaz",
    "Moreno",
    "Alonso",
    "Navarro",
    "Torres",
    "Romero",
    "Ortega",
    "Delgado",
    "Castro",
    "Vidal",
    "Ramos",
    "Gil",
    "Serrano",
]
ROLES = [
    ("community-manager", "Community manager", "Publishes, answers and moderates every day."),
    ("social-media-lead", "Social media lead", "Owns the plan, approves campaigns, reports."),
    ("comms-director", "Communication director", "Approves statements in a crisis; speaks for us."),
    ("legal-counsel", "Legal counsel", "Reviews anything with legal exposure."),
    ("customer-care", "Customer care agent", "Answers customer questions and complaints."),
    ("it-security", "IT security", "Recovers hacked accounts; manages access and 2FA."),
]
CONTACT_KINDS = ["legal", "pr_agency", "executive", "it_security", "platform_support", "other"]
FREQUENCIES = ["daily", "2 per day", "3 per week", "5 per week", "weekly", "2 per month"]
AVAILABILITY = ["24/7", "Mon-Fri 9-18", "Mon-Fri 8-20, weekends on call", "office hours"]
TIMEZONES = ["Europe/Madrid", "Atlantic/Canary", "Europe/Lisbon", "America/Mexico_City"]

ACCOUNT_HEADER = """\
#:schema ../schemas/account.schema.json
# A social media account: where it lives, who answers for it and how it is run.
# network: instagram, facebook, x, tiktok, linkedin, youtube, threads, bluesky, ...
# owner / backup_owner: ids of files in owners/ (the backup stands in when the owner is away).
# status: active, paused or archived. response_sla_hours: hours to answer every message.
# last_reviewed: date of the last review (the management protocol sets how often).
# credentials_location: WHERE the credentials are kept (a vault entry, a person), never a secret.

"""
OWNER_HEADER = """\
#:schema ../schemas/owner.schema.json
# A person who owns or backs up accounts.
# role: id of a role in protocols/management.toml. phone: international format (+34 ...).
# working_hours: days and hours in the person's own time zone.
# active = false once the person has left: their accounts then need a new owner.

"""
CONTACT_HEADER = """\
#:schema ../schemas/contact.schema.json
# Somebody to call in a crisis.
# kind: legal, pr_agency, executive, it_security, platform_support or other.
# escalation_level: 1 is called first; higher levels when the crisis escalates.
# phone: international format; a contact without a phone cannot be reached.

"""
PLAYBOOK_HEADER = """\
#:schema ../../schemas/playbook.schema.json
# A crisis playbook: what to do, in order, when reputation is at stake.
# [[severities]]: levels, mildest first, each with a first-response deadline in minutes.
# [[steps]]: ordered steps; role is a role of the management protocol, contacts are ids of
# files in contacts/, statement is the id of a [[statements]] entry below.

"""

PLANTED = {
    "dangling-reference": "accounts: an owner that does not exist",
    "backup-is-owner": "accounts: the backup owner is the owner",
    "inactive-owner": "accounts: an inactive owner on an active account",
    "contact-without-phone": "contacts: no phone",
    "invalid-toml": "accounts: a file that is not valid TOML",
    "unknown-key": "accounts: a key smgov does not know (warning)",
    "no-steps": "playbooks: a playbook without steps",
    "secret": "accounts: a password in the notes",
}
"""The problem codes planted on purpose, and where."""


@dataclass(frozen=True)
class Sizes:
    """How big a workspace to generate."""

    accounts: int = 5000
    owners: int = 1000
    contacts: int = 300
    playbooks: int = 20
    commits: int = 2000


FULL = Sizes()
QUICK = Sizes(accounts=1000, owners=200, contacts=60, playbooks=6, commits=400)
TINY = Sizes(accounts=20, owners=10, contacts=8, playbooks=3, commits=10)


@dataclass
class Generated:
    """What was generated: where, and the ids the bench uses."""

    root: Path
    sizes: Sizes
    accounts: list[str]
    owners: list[str]
    edits: dict[str, int] = field(default_factory=dict)
    """Number of edit commits per account id (the add commit not counted)."""
    clean_accounts: list[str] = field(default_factory=list)
    """Valid accounts with no planted problem (safe to edit in the bench)."""


def _q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return _q(str(value))


def _lines(values: dict[str, Any]) -> str:
    return "".join(f"{key} = {_value(value)}\n" for key, value in values.items())


def render_account(values: dict[str, Any]) -> str:
    """The text of an account file."""
    return ACCOUNT_HEADER + _lines(values)


def render_owner(values: dict[str, Any]) -> str:
    """The text of an owner file (working hours as a table at the end)."""
    flat = {key: value for key, value in values.items() if key != "working_hours"}
    hours = values["working_hours"]
    return OWNER_HEADER + _lines(flat) + "\n[working_hours]\n" + _lines(hours)


def render_contact(values: dict[str, Any]) -> str:
    """The text of a crisis contact file."""
    return CONTACT_HEADER + _lines(values)


def _phone(rng: random.Random) -> str:
    return f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


class _Builder:
    def __init__(self, sizes: Sizes, today: dt.date, seed: int) -> None:
        self.sizes = sizes
        self.today = today
        self.rng = random.Random(seed)
        self.files: dict[str, str] = {}
        self.account_values: dict[str, dict[str, Any]] = {}
        self.owner_values: dict[str, dict[str, Any]] = {}
        self.contact_values: dict[str, dict[str, Any]] = {}
        self.protected: set[str] = set()  # records whose planted problem must stay as it is
        self._active: list[str] = []
        self.office: list[str] = []
        self.rota: list[str] = []
        self.broken = ""

    # --- records ------------------------------------------------------------------------

    def owners(self) -> None:
        rng = self.rng
        for index in range(self.sizes.owners):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            oid = f"{first}-{last}-{index:04d}".lower()
            _slug, dept = rng.choice(DEPARTMENTS)
            self.owner_values[oid] = {
                "name": f"{first} {last}",
                "role": rng.choice(ROLES)[0],
                "department": dept,
                "email": f"{first}.{last}.{index}@example.org".lower(),
                "phone": _phone(rng),
                "timezone": rng.choices(TIMEZONES, [80, 10, 7, 3])[0],
                "trained_on": self.today - dt.timedelta(days=rng.randint(10, 400)),
                "active": True,
                "notes": rng.choice(
                    ["", "Prefers to be called, not messaged.", f"Also covers {dept} events."]
                ),
                # Even ids work office hours; odd ids are on the weekend rota, so an account
                # with one of each is answered within a day (the coverage rule checks it).
                "working_hours": {
                    "days": ["mon", "tue", "wed", "thu", "fri"],
                    "start": rng.choice(["08:00", "09:00", "10:00"]),
                    "end": rng.choice(["16:00", "17:00", "18:00"]),
                }
                if index % 2 == 0
                else {"days": ["sat", "sun", "mon"], "start": "10:00", "end": "14:00"},
            }
        # A few people have left; one of them is (wrongly) still on an active account.
        ids = list(self.owner_values)
        for oid in ids[-max(1, len(ids) // 50) :]:
            self.owner_values[oid]["active"] = False
            self.owner_values[oid]["notes"] = "Left the organisation; accounts reassigned."

    def active_owner_ids(self) -> list[str]:
        if not self._active:
            self._active = [oid for oid, values in self.owner_values.items() if values["active"]]
        return self._active

    def accounts(self) -> None:
        rng = self.rng
        active = self.active_owner_ids()
        self.office = [o for o in active if int(o.rsplit("-", 1)[1]) % 2 == 0]
        self.rota = [o for o in active if int(o.rsplit("-", 1)[1]) % 2 == 1]
        for index in range(self.sizes.accounts):
            network = NETWORKS[index % len(NETWORKS)]
            slug, dept = DEPARTMENTS[(index // len(NETWORKS)) % len(DEPARTMENTS)]
            city = CITIES[index % len(CITIES)]
            aid = f"{network}-{slug}-{city}-{index:04d}"
            handle = f"acme_{slug.replace('-', '_')}_{city}_{index}"
            owner = rng.choice(self.office)
            backup = rng.choice(self.rota)
            status = rng.choices(["active", "paused", "archived"], [85, 10, 5])[0]
            self.account_values[aid] = {
                "network": network,
                "handle": f"@{handle}",
                "url": f"https://{network}.example.com/{handle}",
                "department": dept,
                "purpose": f"{dept} news and customer questions for {city.title()}.",
                "owner": owner,
                "backup_owner": backup,
                "status": status,
                "response_sla_hours": rng.choices([24, 4], [96, 4])[0],
                "posting_frequency": rng.choice(FREQUENCIES),
                "last_reviewed": self.today - dt.timedelta(days=rng.randint(1, 80)),
                "credentials_location": f"Team vault, folder Social/{network}/{handle}",
                "notes": rng.choice(
                    [
                        "",
                        "Questions peak on Saturdays; keep a second person on call.",
                        "Shares the content calendar with the regional team.",
                        "Campaign account: archive it when the campaign ends.",
                    ]
                ),
            }

    def contacts(self) -> None:
        rng = self.rng
        for index in range(self.sizes.contacts):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            kind_slug = CONTACT_KINDS[index % len(CONTACT_KINDS)].replace("_", "-")
            cid = f"{kind_slug}-{last}-{index:03d}".lower()
            kind = cid.split("-")[0]
            kind = {"pr": "pr_agency", "it": "it_security", "platform": "platform_support"}.get(
                kind, kind
            )
            self.contact_values[cid] = {
                "name": f"{first} {last}",
                "kind": kind,
                "organisation": rng.choice(
                    ["Bufete Garrido", "Agencia Norte PR", "Acme board", "Acme IT", "Platform desk"]
                ),
                "phone": _phone(rng),
                "email": f"{first}.{last}.{index}@partner.example.org".lower(),
                "escalation_level": rng.randint(1, 3),
                "availability": rng.choice(AVAILABILITY),
                "notes": rng.choice(["", "Call first, then confirm by email."]),
            }

    def playbook(self, index: int, contact_ids: list[str]) -> str:
        rng = self.rng
        topics = [
            "hacked account",
            "viral complaint",
            "offensive post by an employee",
            "product recall",
            "data leak",
            "service outage",
            "fake giveaway",
            "boycott call",
        ]
        topic = topics[index % len(topics)]
        out = [PLAYBOOK_HEADER]
        out.append(
            _lines(
                {
                    "title": f"{topic.capitalize()} ({index + 1})",
                    "trigger": f"Signs of a {topic} on our accounts, or a journalist asks.",
                    "reminder_minutes": 30,
                }
            )
        )
        severities = [("low", 240), ("medium", 60), ("high", 15)]
        for sid, minutes in severities:
            out.append(
                "\n[[severities]]\n"
                + _lines(
                    {
                        "id": sid,
                        "label": sid.capitalize(),
                        "first_response_minutes": minutes,
                        "description": f"A {sid} impact {topic}.",
                    }
                )
            )
        statements = ["acknowledge", "investigating", "resolved"]
        for number in range(8):
            step: dict[str, Any] = {
                "id": f"step-{number + 1}",
                "title": f"Step {number + 1} of the {topic} playbook",
                "detail": "Do it, note the time in the incident log, and tell the lead on call.",
                "role": ROLES[number % len(ROLES)][0],
                "contacts": rng.sample(contact_ids, min(2, len(contact_ids))),
                "statement": statements[number % 3] if number % 2 == 0 else "",
                "severities": ["medium", "high"] if number > 5 else [],
            }
            out.append("\n[[steps]]\n" + _lines(step))
        for sid in statements:
            out.append(
                "\n[[statements]]\n"
                + _lines(
                    {
                        "id": sid,
                        "title": f"{sid.capitalize()} ({topic})",
                        "text": "We know and we are on it. More at {time} on this account. {brand}",
                    }
                )
            )
        return "".join(out)

    def playbook_without_steps(self, index: int) -> str:
        return PLAYBOOK_HEADER + _lines(
            {
                "title": f"Draft playbook {index + 1}",
                "trigger": "To be written by the communication director.",
            }
        )

    def plan_table(self) -> str:
        """workspace.toml's [plan]: owned by active people, reviewed in the future (the
        generated workspace plants its problems elsewhere)."""
        active = self.active_owner_ids()
        return (
            "\n[plan]\n"
            'departments = ["all"]\n'
            f'owner = "{active[0]}"\n'
            f'evangelists = ["{active[1 % len(active)]}"]\n'
            'approved_by = "Board of directors"\n'
            "approved_on = 2026-01-15\n"
            "next_review = 2099-01-15\n"
        )

    def single_files(self) -> None:
        # Like a real workspace (store/template.py): the JSON schemas in schemas/, and each
        # file naming its schema on its first line, so editors and taplo can check it.
        from smgov_tui.core.schemas import schema_texts

        for name, text in schema_texts().items():
            self.files[f"schemas/{name}"] = text
        self.files["workspace.toml"] = (
            "#:schema ./schemas/workspace.schema.json\n"
            "# The organisation and the defaults for the whole workspace.\n"
            "# default_response_hours: every message is answered within this many hours.\n\n"
            + _lines(
                {
                    "organisation": "Acme Retail S.A.",
                    "brand": "Acme",
                    "objectives": [
                        "Answer every customer within 24 hours",
                        "Grow the community by 15% a year",
                        "Keep one voice across every account",
                    ],
                    "default_response_hours": 24,
                    "timezone": "Europe/Madrid",
                    "language": "en",
                    "format_version": 1,
                }
            )
            + self.plan_table()
        )
        self.files["protocols/communication.toml"] = (
            "#:schema ../schemas/communication.schema.json\n"
            "# What we say: messages, voice and tone, keywords, hashtags and guidelines.\n\n"
            + _lines(
                {
                    "key_messages": ["Quality at fair prices", "Close to every neighbourhood"],
                    "voice_and_tone": "Warm, clear and brief. We say we when we speak for Acme.",
                    "keywords": ["acme", "shop", "fresh", "local"],
                    "banned_topics": ["politics", "religion", "rumours about staff"],
                    "hashtags": ["#Acme", "#AcmeLocal"],
                    "languages": ["en", "es"],
                    "approved_phrases": ["Thanks for telling us.", "We are looking into it."],
                    "employee_guidelines": [
                        "Speak for yourself, never for Acme.",
                        "No customer data.",
                    ],
                }
            )
        )
        management = [
            "#:schema ../schemas/management.schema.json\n"
            "# Who, how, when, where and why.\n"
            "# review_cadence_days: every account is reviewed at least this often.\n\n",
            _lines(
                {
                    "purpose": "Serve customers where they are and protect the brand.",
                    "review_cadence_days": 90,
                }
            ),
        ]
        for rid, title, responsibilities in ROLES:
            management.append(
                "\n[[roles]]\n"
                + _lines({"id": rid, "title": title, "responsibilities": responsibilities})
            )
        management.append(
            "\n[[approval_rules]]\n"
            + _lines({"content": "Paid campaigns", "approver": "social-media-lead", "notes": ""})
        )
        management.append(
            "\n[[calendar]]\n"
            + _lines({"days": ["mon", "wed", "fri"], "time": "10:00", "content": "Weekly news"})
        )
        for channel, hours in (("comments", 24), ("direct messages", 8), ("complaints", 4)):
            management.append(
                "\n[[response_times]]\n" + _lines({"channel": channel, "hours": hours})
            )
        self.files["protocols/management.toml"] = "".join(management)

    def plant(self) -> None:
        """Plant the deliberate problems of ``PLANTED`` in the final state."""
        accounts = list(self.account_values)
        inactive = [o for o, v in self.owner_values.items() if not v["active"]]
        picks = accounts[1 :: max(1, len(accounts) // 8)][:6]
        dangling, same, lapsed, unknown, secret, broken = picks
        self.account_values[dangling]["owner"] = "nobody-by-this-name"
        values = self.account_values[same]
        values["backup_owner"] = values["owner"]
        self.account_values[lapsed]["status"] = "active"
        self.account_values[lapsed]["owner"] = inactive[0]
        self.account_values[unknown]["shop_link"] = "https://shop.example.com"
        self.account_values[secret]["notes"] = "temporary password: Hunter2024 until Monday"
        self.protected.update({dangling, same, lapsed, unknown, secret, broken})
        self.broken = broken
        # a contact whose kind another contact also covers (the crisis chain stays whole)
        contacts = list(self.contact_values)
        contact = contacts[min(len(CONTACT_KINDS), len(contacts) - 1)]
        self.contact_values[contact]["phone"] = ""
        self.protected.add(contact)


def _vary(kind: str, values: dict[str, Any], rng: random.Random, b: _Builder) -> str | None:
    """Change one field of ``values`` to an older value, in place; return the field or None."""
    if kind == "accounts":
        fld = rng.choices(
            [
                "last_reviewed",
                "owner",
                "backup_owner",
                "status",
                "posting_frequency",
                "response_sla_hours",
                "notes",
            ],
            [40, 15, 10, 10, 10, 8, 7],
        )[0]
        if fld == "last_reviewed":
            values[fld] = values[fld] - dt.timedelta(days=rng.randint(60, 120))
        elif fld in ("owner", "backup_owner"):
            other = values["backup_owner" if fld == "owner" else "owner"]
            choices = [
                o for o in rng.sample(b.active_owner_ids(), 3) if o not in (other, values[fld])
            ]
            if not choices:
                return None
            values[fld] = choices[0]
        elif fld == "status":
            values[fld] = "paused" if values[fld] != "paused" else "active"
        elif fld == "posting_frequency":
            values[fld] = rng.choice([f for f in FREQUENCIES if f != values[fld]])
        elif fld == "response_sla_hours":
            values[fld] = values[fld] * 2
        else:
            values[fld] = "" if values[fld] else "Ask the regional team before posting."
        return fld
    if kind == "owners":
        fld = rng.choice(["phone", "trained_on", "role", "email"])
        if fld == "phone":
            values[fld] = _phone(rng)
        elif fld == "trained_on":
            values[fld] = values[fld] - dt.timedelta(days=rng.randint(100, 300))
        elif fld == "role":
            values[fld] = rng.choice([r[0] for r in ROLES if r[0] != values[fld]])
        else:
            values[fld] = values[fld].replace("@example.org", "@old.example.org")
        return fld
    fld = rng.choice(["phone", "availability", "escalation_level"])
    if fld == "phone":
        values[fld] = _phone(rng)
    elif fld == "availability":
        values[fld] = rng.choice([a for a in AVAILABILITY if a != values[fld]])
    else:
        values[fld] = values[fld] % 3 + 1
    return fld


@dataclass
class _Commit:
    author: tuple[str, str]
    when: dt.datetime
    message: str
    files: dict[str, str]


def _add_batches(prefix: str, texts: dict[str, str], batches: int) -> list[dict[str, str]]:
    items = sorted(texts.items())
    size = max(1, -(-len(items) // max(1, batches)))
    return [
        {f"{prefix}/{rid}.toml": text for rid, text in items[start : start + size]}
        for start in range(0, len(items), size)
    ]


def generate(
    root: Path, sizes: Sizes = FULL, today: dt.date | None = None, seed: int = 7
) -> Generated:
    """Generate the workspace in ``root`` (must not exist or be empty) with its git history."""
    today = today or dt.date.today()
    b = _Builder(sizes, today, seed)
    rng = b.rng
    b.owners()
    b.accounts()
    b.contacts()
    b.single_files()
    contact_ids = list(b.contact_values)
    playbooks = {
        f"playbook-{index + 1:02d}": (
            b.playbook(index, contact_ids) if index else b.playbook_without_steps(index)
        )
        for index in range(sizes.playbooks)
    }
    b.plant()

    renders = {"accounts": render_account, "owners": render_owner, "contacts": render_contact}
    finals = {"accounts": b.account_values, "owners": b.owner_values, "contacts": b.contact_values}

    # Plan: add commits first (in batches), then one-field edits of single records.
    owner_batches = max(1, min(sizes.owners // 100, sizes.commits // 10))
    account_batches = max(1, min(sizes.accounts // 100, sizes.commits // 4))
    n_adds = 1 + owner_batches + 1 + 1 + account_batches
    n_edits = sizes.commits - n_adds
    if n_edits < 0:
        raise ValueError(f"{sizes.commits} commits are too few; at least {n_adds} are needed")
    editable = {kind: [rid for rid in finals[kind] if rid not in b.protected] for kind in finals}
    targets: list[tuple[str, str]] = []
    for _index in range(n_edits):
        kind = rng.choices(["accounts", "owners", "contacts"], [85, 10, 5])[0]
        if not editable[kind]:
            kind = "accounts"
        # A skewed pick: some accounts change often, most rarely, as in real teams.
        pool = editable[kind]
        pick = (
            pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)]
            if rng.random() < 0.1
            else rng.choice(pool)
        )
        targets.append((kind, pick))

    # Walk each record back from its final values: versions[kind][id][0] is the added one.
    touches: dict[tuple[str, str], list[int]] = {}
    for position, target in enumerate(targets):
        touches.setdefault(target, []).append(position)
    edit_files: list[dict[str, str] | None] = [None] * n_edits
    edit_messages: list[str] = [""] * n_edits
    first_text: dict[tuple[str, str], str] = {}
    for (kind, rid), positions in touches.items():
        values = {
            key: (dict(v) if isinstance(v, dict) else v) for key, v in finals[kind][rid].items()
        }
        render = renders[kind]
        rel = f"{kind}/{rid}.toml"
        for position in reversed(positions):
            after = render(values)
            before_values = {
                key: (dict(v) if isinstance(v, dict) else v) for key, v in values.items()
            }
            fld = _vary(kind, before_values, rng, b)
            if fld is None:
                continue
            new_value = values[fld]
            shown = _value(new_value).strip('"') if not isinstance(new_value, str) else new_value
            if isinstance(new_value, str) and (len(new_value) > 40 or not new_value):
                edit_messages[position] = (
                    f"{kind}: update {fld} of {rid}"
                    if new_value
                    else f"{kind}: clear {fld} of {rid}"
                )
            else:
                edit_messages[position] = f"{kind}: set {fld} of {rid} to {shown}"
            edit_files[position] = {rel: after}
            values = before_values
        first_text[(kind, rid)] = render(values)

    def text_of(kind: str, rid: str) -> str:
        return first_text.get((kind, rid)) or renders[kind](finals[kind][rid])

    owners_added = {rid: text_of("owners", rid) for rid in b.owner_values}
    contacts_added = {rid: text_of("contacts", rid) for rid in b.contact_values}
    accounts_added = {rid: text_of("accounts", rid) for rid in b.account_values}
    accounts_added[b.broken] = render_account(b.account_values[b.broken]).replace(
        'status = "', 'status = "active\n', 1
    )

    people = [(v["name"], v["email"]) for v in list(b.owner_values.values())[:6]]
    plan: list[tuple[str, dict[str, str]]] = [
        ("workspace: write the objectives and both protocols", dict(b.files)),
    ]
    for number, batch in enumerate(_add_batches("owners", owners_added, owner_batches), 1):
        plan.append((f"owners: add the team ({number}/{owner_batches})", batch))
    plan.append(
        (
            "contacts: add the crisis contacts",
            {f"contacts/{r}.toml": t for r, t in contacts_added.items()},
        )
    )
    plan.append(
        (
            "playbooks: add the crisis playbooks",
            {f"protocols/crisis/{r}.toml": t for r, t in playbooks.items()},
        )
    )
    batches = _add_batches("accounts", accounts_added, account_batches)
    for number, batch in enumerate(batches, 1):
        plan.append((f"accounts: add accounts ({number}/{len(batches)})", batch))
    while len(plan) < n_adds:  # fewer batches than planned (tiny sizes): keep the count exact
        b.files["workspace.toml"] += f"# plan reviewed ({len(plan)})\n"
        plan.append(
            ("workspace: note a plan review", {"workspace.toml": b.files["workspace.toml"]})
        )
    for position in range(n_edits):
        files = edit_files[position]
        if files is None:  # no older value to walk back to: touch the workspace notes instead
            b.files["workspace.toml"] += f"# reviewed in round {position}\n"
            files = {"workspace.toml": b.files["workspace.toml"]}
            edit_messages[position] = "workspace: note a plan review"
        plan.append((edit_messages[position], files))

    start = dt.datetime.combine(today - dt.timedelta(days=700), dt.time(9, 0), dt.UTC)
    step = dt.timedelta(days=690) / max(1, len(plan))
    commits = [
        _Commit(rng.choice(people), start + step * index, message, files)
        for index, (message, files) in enumerate(plan)
    ]
    _import(root, commits)
    edits = {
        rid: len(positions) for (kind, rid), positions in touches.items() if kind == "accounts"
    }
    clean = [rid for rid in b.account_values if rid not in b.protected]
    return Generated(root, sizes, list(b.account_values), list(b.owner_values), edits, clean)


def _import(root: Path, commits: list[_Commit]) -> None:
    """Write ``commits`` into a new repo at ``root`` with git fast-import, then check it out."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    chunks: list[bytes] = []
    for commit in commits:
        name, email = commit.author
        stamp = f"{int(commit.when.timestamp())} +0000"
        message = commit.message.encode() + b"\n"
        chunks.append(
            f"commit refs/heads/main\nauthor {name} <{email}> {stamp}\n"
            f"committer {name} <{email}> {stamp}\ndata {len(message)}\n".encode()
            + message
        )
        for path, text in sorted(commit.files.items()):
            data = text.encode()
            chunks.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        chunks.append(b"\n")
    subprocess.run(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=root,
        input=b"".join(chunks) + b"done\n",
        check=True,
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    # fast-import deltas each object against its previous version; a repo that lived through
    # 2,000 commits has been repacked by gc (newest versions whole), as has a clone.
    subprocess.run(["git", "repack", "-adq"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.name", "Bench Runner"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.email", "bench@example.org"], cwd=root, check=True)
