"""Serializers copy plain fields shallowly (api.serializers.Serializer): each use
still gets fields of its own, and the declarations are never bound."""

from rest_framework import serializers

from api import serializers as api_serializers


class Numbers(api_serializers.Serializer):
    number = api_serializers.IdField()
    numbers = serializers.ListField(child=api_serializers.IdField())
    profile = api_serializers.ProfileSerializer(required=False)


def test_each_use_has_its_own_bound_fields_and_the_declarations_stay_unbound():
    first, second = Numbers(data={"number": 1, "numbers": [2]}), Numbers(data={"number": 0, "numbers": [0]})
    assert first.is_valid() and not second.is_valid()
    assert first.validated_data == {"number": 1, "numbers": [2]}
    assert set(second.errors) == {"number", "numbers"}
    for name in ("number", "numbers", "profile"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
        declared = Numbers._declared_fields[name]
        assert getattr(declared, "parent", None) is None and getattr(declared, "field_name", None) is None


def test_a_field_holding_fields_is_copied_whole():
    used = Numbers(data={"number": 1, "numbers": [2]})
    used.is_valid()
    assert used.fields["numbers"].child is not Numbers._declared_fields["numbers"].child
    assert used.fields["numbers"].child.parent is used.fields["numbers"]
    assert used.fields["profile"].fields["platform"].root is used
