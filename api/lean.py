"""Calling plain synchronous resolvers without strawberry's general per-call pipeline.

Why: strawberry runs every resolver through one general pipeline (a chain built per call
for field extensions, argument conversion that handles input objects, ``Maybe``, global
ids and lists, exception-handler dispatch, reserved-parameter lookups). It costs ~13 µs a
call; an events page of 20 calls ~170 resolvers (date, type, places, participants,
evidence, slug, name): ~2 ms of CPU a request, measured against this module.

For a resolver that is synchronous, has no field extensions (permission classes are
one), takes ``self`` and maybe ``info``, and whose arguments are enums or built-in
scalars (which graphql-core already hands over as Python values: enum members, str, int,
float, bool), that pipeline reduces to: make a strawberry ``Info``, rename the arguments
to their Python names, call the function. :func:`install` gives such fields a resolve
function doing just that; every other field keeps strawberry's. Nothing else changes:
graphql-core still validates, coerces arguments, completes values, runs middleware
(schema extensions) and turns exceptions into field errors. The schema's own tests run
through these resolvers; tests/api/test_preload.py checks which fields take the lean path.

Fields that need no ``info`` (and plain attributes) are also marked for the short path of
:class:`api.execution.FastExecutionContext`, which calls them without graphql-core's
per-field machinery, and object types whose ``is_type_of`` is strawberry's own (an
isinstance test that ignores its resolve info) are marked so that the short path checks
their objects without building one.
"""

from __future__ import annotations

import enum
import logging
import operator
from typing import Any

import strawberry
from graphql import GraphQLObjectType

from api import execution

log = logging.getLogger("api")

_SCALARS = (str, int, float, bool, strawberry.ID)


def _plain_argument(argument) -> bool:
    from strawberry.types.base import StrawberryOptional

    type_ = argument.type
    if isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    if type_ in _SCALARS:
        return True
    wrapped = getattr(type_, "wrapped_cls", None)  # an enum's definition
    return isinstance(wrapped, type) and issubclass(wrapped, enum.Enum)


def _eligible(field) -> bool:
    resolver = field.base_resolver
    return (
        resolver is not None
        and not field.is_async
        and not field.extensions
        and resolver.self_parameter is not None
        and resolver.root_parameter is None
        and resolver.parent_parameter is None
        and not isinstance(resolver.wrapped_func, staticmethod | classmethod)
        and all(_plain_argument(a) for a in field.arguments)
    )


def _lean(field, config) -> Any:
    func = field.base_resolver.wrapped_func
    info_parameter = field.base_resolver.info_parameter
    info_name = info_parameter.name if info_parameter is not None else None
    info_class = config.info_class
    names = {config.name_converter.from_argument(a): a.python_name for a in field.arguments}

    if info_name is None and not names:
        return lambda source, info: func(source)

    def resolve(source, info, **kwargs):
        if names:
            kwargs = {names[k]: v for k, v in kwargs.items()}
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=field)
        return func(source, **kwargs)

    return resolve


def install(schema: strawberry.Schema) -> None:
    """Give the eligible fields of ``schema`` the lean resolve function. Does nothing when
    the schema has exception handlers, which only strawberry's pipeline dispatches, or when
    this strawberry's internals are not the ones this was written against (0.341): every
    field then keeps strawberry's own pipeline, slower but the same answers. Fields are
    only switched once every one has been checked, so a failure leaves none switched."""
    try:
        from strawberry.schema.schema_converter import GraphQLCoreConverter

        if getattr(schema.schema_converter, "exception_handlers", ()):
            return
        lean, plans = [], []
        for type_ in schema._schema.type_map.values():
            if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
                continue
            for gql_field in type_.fields.values():
                field = (gql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
                if field is not None and _eligible(field):
                    lean.append((gql_field, _lean(field, schema.config)))
                    if field.base_resolver.info_parameter is None:  # called with no info at all
                        names = {schema.config.name_converter.from_argument(a): a.python_name for a in field.arguments}
                        plans.append(
                            lambda f=gql_field, c=field.base_resolver.wrapped_func, n=names: execution.plan_field(
                                f, c, n
                            )
                        )
                    elif not field.arguments:  # called with its info, built by graphql-core
                        plans.append(lambda f=gql_field, r=lean[-1][1]: execution.plan_field_with_info(f, r))
                elif field is not None and _attribute(field, gql_field, schema.config):
                    getter = operator.attrgetter(field.python_name)
                    plans.append(lambda f=gql_field, c=getter: execution.plan_field(f, c))
    except (AttributeError, ImportError, TypeError) as e:
        log.warning("strawberry internals changed (%s): resolvers run through strawberry's pipeline", e)
        return
    for gql_field, resolve in lean:
        gql_field.resolve = resolve
    for mark in plans:
        mark()
    execution.mark_info_free_type_checks(
        (t for t in schema._schema.type_map.values() if isinstance(t, GraphQLObjectType)), _strawberry_type_check
    )


#: the ``is_type_of`` strawberry generates for a type with interfaces (0.341): an isinstance
#: test on the object that never reads its second argument, the resolve info
_STRAWBERRY_TYPE_CHECK = "GraphQLCoreConverter.from_object.<locals>._get_is_type_of.<locals>.is_type_of"


def _strawberry_type_check(is_type_of) -> bool:
    code = getattr(is_type_of, "__code__", None)
    return (
        getattr(is_type_of, "__qualname__", None) == _STRAWBERRY_TYPE_CHECK
        and code is not None
        and code.co_varnames[:2] == ("obj", "_info")
    )


def _attribute(field, gql_field, config) -> bool:
    """Whether strawberry resolves ``field`` by reading the attribute of its Python name:
    no resolver, no extensions, and strawberry's own basic-field resolve function over the
    default resolver (``getattr``)."""
    return (
        field.base_resolver is None
        and not field.extensions
        and config.default_resolver is getattr
        and getattr(gql_field.resolve, "_is_default", False)
    )
