# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.servicestage developers
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Field rules: how each field of a resource is compared, sent back and shown, written down once.

A resource has one table (``Fields``): a rule per field it knows, and a rule by type for any other field a
task gives. The plan reads it to find what differs and what cannot change, the write reads it to build a
whole body (what the API reports, without what the server adds, with the task's fields over it), the diff
reads it to show before and after, and the module documentation is generated from it
(``describe()``), so the three cannot drift apart.

The rules:
- ``Plain``: compared as given; ``Text``: a missing text is an empty one; ``Flag``: a boolean, "true" too;
- ``Number``: compared and sent as a number (a task's "0.5" from ``-e`` is 0.5);
- ``Ordered``: a list of values, compared in order (``command.args: [run, -c]`` is not ``[-c, run]``);
- ``Keyed``: a list of objects with an identity (envs by name, storages by name, refer_resources by type and
  id), compared by identity in any order, each item by its own rule; the task's list is the whole list;
- ``Subset``: an object; the keys the task gives are compared, keys the server fills in are not, and a key
  given as ``null`` is removed;
- ``Typed``: a ``Subset`` with a type key (``type``, or ``kind`` of a source): an object of another type
  replaces the old one whole, none of its keys carry over;
- ``Labels`` and ``EnvDict``: a dictionary in the task, a list of ``{key, value}`` (``{name, value}``) in the API;
- ``Server``: the server's (status, ids, times): never compared, never sent back;
- ``NotCompared``: sent with every write as given, never compared, not in the diff (how a deploy rolls out);
- ``WriteOnly``: sent when given, never compared: the API does not return it;
- ``CreateOnly``: set at create; a difference is refused before any write (it cannot change).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import math
import re

INTEGER = re.compile(r"[+-]?\d+\Z")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")


def text(value):
    """A value as the API's text: YAML's 10, true or 1.5 as '10', 'true', '1.5'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def number(value):
    """The finite number a value stands for (a text such as "0.5" too), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and NUMBER.match(value.strip()):
        stripped = value.strip()
        value = int(stripped) if INTEGER.match(stripped) else float(stripped)
    if isinstance(value, (int, float)) and math.isfinite(value):
        return value
    return None


class Rule:
    """How one field is compared (same), sent (merged: the task's value over what the API reports), shown in a
    diff, checked before any request (errors), and what part of the API's value is the user's (own)."""

    compared = True
    sent = True
    shown_in_diff = True
    create_only = False
    doc = "compared as given"

    def own(self, value, parent):
        return value

    def errors(self, name, value):
        return []

    def same(self, want, have):
        return want == have

    def same_in(self, key, want, parent):
        """Whether want matches the field key of parent, the object the API reports (a rule may look at other
        fields of it)."""
        return self.same(want, parent.get(key) if isinstance(parent, dict) else None)

    def merged(self, want, have):
        return copy.deepcopy(want)

    def shown(self, value):
        return value

    def describe(self):
        return self.doc


class Plain(Rule):
    pass


class Text(Rule):
    doc = "compared as text, a missing one as empty"

    def same(self, want, have):
        return text(want or "") == text(have or "")


class Flag(Rule):
    doc = "a boolean (the text true or false too)"

    def same(self, want, have):
        return have is want or (isinstance(have, str) and have.lower() == text(want)) or (
            isinstance(want, str) and want.lower() == text(have))


class Number(Rule):
    """A number; integer: it must be whole."""

    def __init__(self, integer=False):
        self.integer = integer
        self.doc = "compared and sent as a%s number (a text such as \"%s\" too)" % (
            "" if not integer else " whole", "2" if integer else "0.5")

    def errors(self, name, value):
        found = number(value)
        if value is not None and (found is None or (self.integer and found != int(found))):
            return ["%s must be a%s number, not %r" % (name, " whole" if self.integer else "", value)]
        return []

    def same(self, want, have):
        return number(want) is not None and number(have) is not None and float(number(want)) == float(number(have))

    def merged(self, want, have):
        found = number(want)
        if found is None:
            return copy.deepcopy(want)
        return int(found) if self.integer or (isinstance(found, float) and found.is_integer() and isinstance(
            number(have), int)) else found


class Ordered(Rule):
    """A list of values, compared in order, each item by item (a rule, or its type's)."""

    def __init__(self, item=None):
        self.item = item
        self.doc = "a list compared in order and written as given"

    def errors(self, name, value):
        if value is not None and not isinstance(value, list):
            return ["%s must be a list" % name]
        errors = []
        for index, entry in enumerate(value or ()):
            errors.extend(item_rule(self.item, entry).errors("%s[%d]" % (name, index), entry))
        return errors

    def same(self, want, have):
        return isinstance(have, list) and len(want) == len(have) and all(
            item_rule(self.item, entry).same(entry, other) for entry, other in zip(want, have))

    def merged(self, want, have):
        """The list as given, each item by its rule; an object with no identity the table knows is written as given:
        merged with the item at the same place it would take keys of another item."""
        return [item_rule(self.item, entry).merged(entry, None) for entry in want]

    def own(self, value, parent):
        if not isinstance(value, list):
            return value
        return [item_rule(self.item, entry).own(entry, value) for entry in value]


class Subset(Rule):
    """An object: the keys the task gives are compared and sent over what the API reports; null removes a key."""

    def __init__(self, fields=None, doc=None):
        self.fields = fields or {}
        self.doc = doc or "an object: the keys given are compared, others are kept; a key given as null is removed"

    def rule(self, key, value=None):
        return self.fields.get(key) or by_type(value)

    def errors(self, name, value):
        if value is None:
            return []
        if not isinstance(value, dict):
            return ["%s must be an object" % name]
        errors = []
        for key, entry in sorted(value.items()):
            if entry is not None:
                errors.extend(self.rule(key, entry).errors("%s.%s" % (name, key), entry))
        return errors

    def same(self, want, have):
        if not isinstance(have, dict):
            return False
        for key, value in want.items():
            if value is None:
                if have.get(key) is not None:
                    return False
            elif not self.rule(key, value).compared:
                continue
            elif not self.rule(key, value).same_in(key, value, have):
                return False
        return True

    def merged(self, want, have):
        merged = copy.deepcopy(have) if isinstance(have, dict) else {}
        for key, value in want.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = self.rule(key, value).merged(value, merged.get(key))
        return merged

    def own(self, value, parent):
        if not isinstance(value, dict):
            return value
        return dict((key, self.rule(key, entry).own(entry, value)) for key, entry in value.items()
                    if self.rule(key, entry).sent)

    def describe(self):
        return self.doc + nested(self.fields)


class Replaced(Subset):
    """An object compared as a subset (the server may fill keys in), written as given: none of the API's keys carry
    over (an env's value and value_from are one or the other)."""

    def __init__(self, fields=None, doc=None):
        Subset.__init__(self, fields, doc or "an object: the keys given are compared; written as given, whole")

    def merged(self, want, have):
        return Subset.merged(self, want, None)


class Typed(Subset):
    """An object with a type key: of the same type, a Subset; of another type, replaced whole."""

    def __init__(self, type_key="type", fields=None):
        Subset.__init__(self, fields)
        self.type_key = type_key
        self.doc = ("an object with a %s: of the same %s, the keys given are compared and others kept (null removes "
                    "one); of another %s, it replaces the old one whole" % ((type_key,) * 3))

    def _other_type(self, want, have):
        return not isinstance(have, dict) or (want.get(self.type_key) is not None
                                              and want.get(self.type_key) != have.get(self.type_key))

    def same(self, want, have):
        return not self._other_type(want, have) and Subset.same(self, want, have)

    def merged(self, want, have):
        return Subset.merged(self, want, None if self._other_type(want, have) else have)


class Keyed(Rule):
    """A list of objects with an identity (key: the field, or fields, that name an item): compared by identity in
    any order, each item by its own rule; the task's list is the whole list. own_if: which of the API's items are
    the user's (others, which the server adds, are neither compared nor sent back); given_if: (test, why) for the
    task's items (one that fails it is refused before any request)."""

    def __init__(self, key, item=None, own_if=None, given_if=None):
        self.key = key if isinstance(key, tuple) else (key,)
        self.item = item or Subset()
        self.own_if = own_if
        self.given_if = given_if
        self.doc = "a list of objects by their %s, in any order; each is compared as an object, and the list given " \
                   "is the whole list" % " and ".join(self.key)

    def identity(self, entry):
        return tuple(text(entry.get(key)) if entry.get(key) is not None else None for key in self.key)

    def errors(self, name, value):
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            return ["%s must be a list of objects" % name]
        errors, seen = [], set()
        for index, entry in enumerate(value):
            identity = self.identity(entry)
            if None in identity:
                errors.append("%s[%d] needs %s" % (name, index, " and ".join(self.key)))
            elif identity in seen:
                errors.append("%s: %s is given more than once" % (name, "/".join(identity)))
            elif self.given_if is not None and not self.given_if[0](entry):
                errors.append("%s[%d]: %s" % (name, index, self.given_if[1]))
            seen.add(identity)
            errors.extend(self.item.errors("%s[%d]" % (name, index), entry))
        return errors

    def own(self, value, parent):
        if not isinstance(value, list):
            return value
        return [self.item.own(entry, value) for entry in value if isinstance(entry, dict)
                and (self.own_if is None or self.own_if(entry, parent))]

    def describe(self):
        return self.doc + nested(getattr(self.item, "fields", {}), "its items' ")

    def _by_identity(self, have):
        return dict((self.identity(entry), entry) for entry in have or () if isinstance(entry, dict))

    def same(self, want, have):
        stored = self._by_identity(have)
        if not isinstance(have, list) or len(stored) != len(have) or len(want) != len(stored):
            return False
        return all(self.identity(entry) in stored and self.item.same(entry, stored[self.identity(entry)])
                   for entry in want)

    def merged(self, want, have):
        stored = self._by_identity(have)
        return [self.item.merged(entry, stored.get(self.identity(entry))) for entry in want]


class Labels(Rule):
    """Labels: a dictionary in the task, [{key, value}] in the API; compared as a dictionary of text."""

    doc = "a dictionary, compared whole (the API lists it as key and value pairs)"

    def errors(self, name, value):
        return [] if value is None or isinstance(value, dict) else ["%s must be a dictionary" % name]

    @staticmethod
    def as_dict(listed):
        if isinstance(listed, dict):
            return dict((key, text(value)) for key, value in listed.items())
        if not isinstance(listed, list):
            return {}
        return dict((item.get("key"), item.get("value")) for item in listed if isinstance(item, dict) and "key" in item)

    def same(self, want, have):
        return self.as_dict(want) == self.as_dict(have)

    def merged(self, want, have):
        return [{"key": key, "value": value} for key, value in self.as_dict(want).items()]

    def shown(self, value):
        return self.as_dict(value)


class EnvDict(Keyed):
    """Environment variables: a dictionary in the task ({NAME: value, or {value_from: ...}}), [{name, value}] in the
    API; compared by name (a value as text, value_from as an object), the task's dictionary the whole set. own_if:
    which of the API's entries are the user's."""

    def __init__(self, own_if=None):
        Keyed.__init__(self, "name", Replaced({"value": Text()}), own_if=own_if)
        self.doc = "a dictionary of name and value (or value_from), compared whole; leave a variable out to remove it"

    @staticmethod
    def as_list(value):
        if not isinstance(value, dict):
            return value
        return [dict(entry, name=name) if isinstance(entry, dict) else {"name": name, "value": text(entry)}
                for name, entry in value.items()]

    def errors(self, name, value):
        if value is None:
            return []
        if not isinstance(value, dict):
            return ["%s must be a dictionary" % name]
        return ["%s.%s must be a text, a number or an object with value_from" % (name, key)
                for key, entry in sorted(value.items()) if entry is None or isinstance(entry, list)]

    def same(self, want, have):
        return Keyed.same(self, self.as_list(want), have)

    def merged(self, want, have):
        return Keyed.merged(self, self.as_list(want), have)

    def describe(self):
        return self.doc

    def shown(self, value):
        listed = self.as_list(value) if isinstance(value, dict) else value
        return dict((entry.get("name"), entry.get("value") if "value_from" not in entry else dict(
            (key, item) for key, item in entry.items() if key != "name")) for entry in listed or ())


class Server(Rule):
    compared = False
    sent = False
    shown_in_diff = False
    doc = "set by the server: never compared, never sent back"


class NotCompared(Rule):
    compared = False
    shown_in_diff = False

    def __init__(self, rule=None, doc=None):
        self.rule = rule or Plain()
        self.doc = doc or "sent with every write as given, never compared"

    def errors(self, name, value):
        return self.rule.errors(name, value)

    def merged(self, want, have):
        return self.rule.merged(want, None)


class WriteOnly(NotCompared):
    def __init__(self, doc="sent when given, never compared: the API does not return it"):
        NotCompared.__init__(self, Plain(), doc)


class Wrapping(Rule):
    """A rule that compares, sends and checks as the rule it wraps (self.rule) and adds what happens on a
    difference."""

    rule = Plain()

    def errors(self, name, value):
        return self.rule.errors(name, value)

    def same(self, want, have):
        return self.rule.same(want, have)

    def merged(self, want, have):
        return self.rule.merged(want, have)


class CreateOnly(Wrapping):
    """Set when the object is created; a difference is refused before any write. sent: whether a write sends it back
    (a PUT that must hold it, as a component's runtime stack) or not (the API does not take it)."""

    create_only = True

    def __init__(self, rule=None, sent=True, doc=None):
        self.rule = rule or Plain()
        self.sent = sent
        self.doc = doc or "set at create; it cannot change (a task that changes it is refused before any write)"


def nested(fields, whose="its "):
    """"; its C(port), C(delay): compared and sent as a whole number" for the fields of an object's table."""
    groups = []
    for key, rule in fields.items():
        doc = rule.describe()
        for group in groups:
            if group[1] == doc:
                group[0].append(key)
                break
        else:
            groups.append(([key], doc))
    return "".join("; %s%s: %s" % (whose, ", ".join("C(%s)" % key for key in keys), doc) for keys, doc in groups)


def by_type(value):
    """The rule of a field the table does not name, by the type of the task's value."""
    if isinstance(value, dict):
        return Subset()
    if isinstance(value, list):
        return Ordered()
    if isinstance(value, bool):
        return Flag()
    if isinstance(value, (int, float)):
        return Number()
    return Plain()


def item_rule(rule, value):
    return rule or by_type(value)


class Fields(Subset):
    """A resource's table: its fields' rules (any other field by its type), read by the plan, the writes and the
    diff, and written into the module's documentation."""

    def differing(self, want, have):
        """The wanted fields that are compared and differ from what the API reports (sorted)."""
        have = self.own(have or {}, None)
        return sorted(key for key, value in want.items()
                      if self.rule(key, value).compared and not (
                          have.get(key) is None if value is None else self.rule(key, value).same_in(key, value, have)))

    def body(self, want, have):
        """The whole object a write sends: what the API reports (its own part), the wanted fields over it."""
        return self.merged(want, self.own(have or {}, None))

    def diff(self, want, have):
        """(before, after) of the wanted fields shown in a diff: as the API reports them, and as they would be."""
        keys = sorted(key for key, value in want.items() if self.rule(key, value).shown_in_diff)
        if have is None:
            return {}, dict((key, self.rule(key, want[key]).shown(self.merged({key: want[key]}, {}).get(key)))
                            for key in keys if want[key] is not None)
        own = self.own(have, None)
        after = self.merged(dict((key, want[key]) for key in keys), own)
        # what is not changing is the same on both sides (a list in another order, say)
        for key in keys:
            if want[key] is not None and self.rule(key, want[key]).same_in(key, want[key], own):
                after[key] = own.get(key)
        return (dict((key, self.rule(key, want[key]).shown(own.get(key))) for key in keys),
                dict((key, self.rule(key, want[key]).shown(after.get(key))) for key in keys))

    def describe_rows(self):
        """[(field, what its rule says)] for the documentation, in the table's order."""
        return [(key, rule.describe()) for key, rule in self.fields.items()]
