"""Days and periods as people say them: 昨日, 先月, "last week", "3 days ago", 11月20日."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from sakesensei.agent.builtin.numbers import NUMBER, parse_number

Period = tuple[date, date]

_DAY_WORDS: tuple[tuple[str, int], ...] = (
    (r"一昨日|おととい|day before yesterday", -2),
    (r"昨日|きのう|昨晩|昨夜|ゆうべ|yesterday|last night", -1),
    (r"今日|きょう|今夜|今晩|さっき|先ほど|today|tonight|just now|this evening", 0),
)
_DAYS_AGO = re.compile(r"(" + NUMBER + r")\s*(?:日前|days? ago)")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日|(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_ISO = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_MONTHS_EN = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS_EN.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_IN_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)|\bin\s+([a-z]+)\b")
_LAST_N_DAYS = re.compile(
    r"(?:過去|直近|ここ)\s*(" + NUMBER + r")\s*日|(?:last|past)\s+(\d+)\s+days"
)


def tasting_day(low: str, today: date) -> date | None:
    """The day a tasting happened, when the message says it; None to let it default."""
    m = _ISO.search(low)
    if m is not None:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MONTH_DAY.search(low)
    if m is not None:
        month = int(m.group(1) or m.group(3))
        day = int(m.group(2) or m.group(4))
        found = _safe_date(today.year, month, day)
        if found is not None and found > today:
            found = _safe_date(today.year - 1, month, day)
        return found
    m = _DAYS_AGO.search(low)
    if m is not None:
        days = parse_number(m.group(1))
        if days is not None and 0 <= days <= 3650:
            return today - timedelta(days=int(days))
    for pattern, offset in _DAY_WORDS:
        if re.search(pattern, low):
            return today + timedelta(days=offset)
    return None


def period(low: str, today: date) -> Period | None:
    """A span of days a question about the journal names, if any."""
    first_of_month = today.replace(day=1)
    if re.search(r"先月|前の月|last month|previous month", low):
        end = first_of_month - timedelta(days=1)
        return end.replace(day=1), end
    if re.search(r"今月|this month", low):
        return first_of_month, today
    monday = today - timedelta(days=today.weekday())
    if re.search(r"先週|last week|previous week", low):
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if re.search(r"今週|this week", low):
        return monday, today
    if re.search(r"去年|昨年|last year", low):
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if re.search(r"今年|this year", low):
        return date(today.year, 1, 1), today
    m = _LAST_N_DAYS.search(low)
    if m is not None:
        days = parse_number(m.group(1) or m.group(2) or "")
        if days:
            return today - timedelta(days=int(days)), today
    if re.search(r"最近|この頃|近頃|recently|lately|these days", low):
        return today - timedelta(days=30), today
    for pattern, offset in _DAY_WORDS:
        if re.search(pattern, low):
            day = today + timedelta(days=offset)
            return day, day
    m = _IN_MONTH.search(low)
    if m is not None:
        month = int(m.group(1)) if m.group(1) else _MONTHS_EN.get(m.group(2) or "", 0)
        if 1 <= month <= 12:
            year = today.year if month <= today.month else today.year - 1
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
