#!/usr/bin/python3
# A second, independent reader of calendar files: libical (the C library behind Evolution and
# many servers), through its GObject bindings. Reads iCalendar texts as a JSON array of strings on
# standard input and prints, for each, what libical makes of it: METHOD, whether iTIP's rules for
# that METHOD hold (check_restrictions), and each VEVENT with its instants in UTC, TZID resolved
# through the file's own VTIMEZONE, repeating events expanded. Run with /usr/bin/python3: the
# Debian packages gir1.2-ical-3.0 and python3-gi are only there.
import json
import sys

import gi

gi.require_version('ICalGLib', '3.0')
from gi.repository import ICalGLib as ical  # noqa: E402

UTC = ical.Timezone.get_utc_timezone()
MAX_OCCURRENCES = 60


def utc_iso(time):
    if time is None or time.is_null_time():
        return None
    copy = time.clone() if hasattr(time, 'clone') else time
    copy.convert_to_zone_inplace(UTC)
    return '%04d-%02d-%02dT%02d:%02d:%02dZ' % (
        copy.get_year(), copy.get_month(), copy.get_day(), copy.get_hour(), copy.get_minute(), copy.get_second())


def texts(component, kind, getter):
    values = []
    prop = component.get_first_property(kind)
    while prop is not None:
        values.append(getter(prop))
        prop = component.get_next_property(kind)
    return values


def event(component, calendar):
    start = component.get_dtstart()
    rrules = texts(component, ical.PropertyKind.RRULE_PROPERTY, lambda p: p.get_rrule())
    occurrences = None
    if rrules:
        occurrences = []
        iterator = ical.RecurIterator.new(rrules[0], start)
        while len(occurrences) < MAX_OCCURRENCES:
            next_time = iterator.next()
            if next_time is None or next_time.is_null_time():
                break
            occurrences.append(utc_iso(next_time))
    recurrence = component.get_first_property(ical.PropertyKind.RECURRENCEID_PROPERTY)
    status = component.get_first_property(ical.PropertyKind.STATUS_PROPERTY)
    sequence = component.get_first_property(ical.PropertyKind.SEQUENCE_PROPERTY)
    description = component.get_first_property(ical.PropertyKind.DESCRIPTION_PROPERTY)
    url = component.get_first_property(ical.PropertyKind.URL_PROPERTY)
    return {
        'uid': component.get_uid(),
        'sequence': sequence.get_sequence() if sequence is not None else None,
        'status': status.get_value_as_string() if status is not None else None,
        'summary': component.get_summary(),
        'description': description.get_description() if description is not None else None,
        'url': url.get_url() if url is not None else None,
        'start': utc_iso(start),
        'startZone': start.get_tzid() if start is not None and not start.is_null_time() else None,
        'end': utc_iso(component.get_dtend()),
        'recurrenceId': utc_iso(zoned(recurrence, recurrence.get_recurrenceid(), calendar)) if recurrence is not None else None,
        'rrule': [r.to_string() for r in rrules],
        'exdates': texts(component, ical.PropertyKind.EXDATE_PROPERTY, lambda p: utc_iso(component_time(p))),
        'occurrences': occurrences,
    }


def zoned(prop, time, calendar):
    # A property value read on its own carries no zone: its TZID is resolved through the file's VTIMEZONE.
    param = prop.get_first_parameter(ical.ParameterKind.TZID_PARAMETER)
    if param is not None and time is not None and not time.is_null_time():
        zone = calendar.get_timezone(param.get_tzid())
        if zone is not None:
            time.set_timezone(zone)
    return time


def component_time(prop):
    return prop.get_exdate()


def read(text):
    calendar = ical.Component.new_from_string(text)
    if calendar is None:
        return {'error': 'not a calendar'}
    method = calendar.get_first_property(ical.PropertyKind.METHOD_PROPERTY)
    itip_ok = calendar.check_restrictions()
    errors = []

    def collect(component):
        errors.extend(texts(component, ical.PropertyKind.XLICERROR_PROPERTY, lambda p: p.get_xlicerror()))
        child = component.get_first_component(ical.ComponentKind.ANY_COMPONENT)
        while child is not None:
            collect(child)
            child = component.get_next_component(ical.ComponentKind.ANY_COMPONENT)

    collect(calendar)
    events = []
    child = calendar.get_first_component(ical.ComponentKind.VEVENT_COMPONENT)
    while child is not None:
        events.append(event(child, calendar))
        child = calendar.get_next_component(ical.ComponentKind.VEVENT_COMPONENT)
    return {
        'method': method.get_value_as_string() if method is not None else None,
        'restrictionsHold': bool(itip_ok),
        'errors': errors,
        'events': events,
    }


json.dump([read(text) for text in json.load(sys.stdin)], sys.stdout)
