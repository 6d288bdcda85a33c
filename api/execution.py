"""A graphql-core execution context with a short path for plain fields and their values.

Why: an events page of 20 is ~340 GraphQL fields, ~170 objects and ~60 lists, and
graphql-core runs each through the same general machinery: for a field, a response path,
the resolver wrapped in the middleware chain, a resolve-info object, the arguments read
from the AST, the resolver called, the result tested for an awaitable twice; for its value,
``complete_value`` (non-null, list, leaf, abstract and object checks, one recursive call
per wrapper), then for a list an async-iterable, iterable and ``@stream`` check and one
``complete_list_item_value`` call per item, for an object the type check and the sub-field
collection. With trivial resolvers that machinery was a third of a page's CPU.

Most of those fields are *plain*: a strawberry attribute (``Edge.node``,
``Participant.role``) or a synchronous resolver that :mod:`api.lean` already calls directly
(``Event.date``, ``Labelled.name``, ``Event.places``). For them
:class:`FastExecutionContext`, once per grouped field set and execution, works out each
field's plan and the shape of its value, and then

* runs a plain *leaf* field (a scalar or enum, optionally non-null, whose resolver takes
  no ``info``) inside ``execute_fields``: call the resolver (its arguments read from the
  AST once per execution: they depend only on the query and its variables), coerce the
  value with the type's own ``coerce_output_value``, with graphql-core's errors (null in a
  non-null field, a value the type cannot serialise, a returned exception); its response
  path is made only when there is an error to locate;
* completes the value of any other plain field itself when it is an object of a concrete
  type, a list (a Python ``list`` or ``tuple``, no ``@stream``) of such objects or of leaf
  values, or null, following graphql-core's ``complete_value`` step by step: errors are
  located at the same paths (list items at their index) and nulls propagate the same way;
  a list's items share one collection of their sub-fields. Anything else — an awaitable,
  an abstract type, an object type whose ``is_type_of`` may read its resolve info, an
  async iterable, a list of lists — goes to graphql-core's own completion with a normal
  resolve info;
* builds a resolve info only for resolvers that take one (``Event.type``, ``places``,
  ``participants``, ``evidence``: they need it only when their page was not preloaded) and
  for graphql-core's own completion. Strawberry's generated ``is_type_of`` (an isinstance
  test) ignores its info: :mod:`api.lean` marks the types that have it
  (:func:`mark_info_free_type_checks`), and the short path calls it with none.

The short path is not taken when the schema has resolver middleware (extensions with a
``resolve`` hook), under ``@defer`` (incremental delivery keeps graphql-core's own path),
for ``__typename`` and introspection fields, or for any field :mod:`api.lean` left to
strawberry; those run exactly as before. Errors are located and collected by
graphql-core's ``handle_field_error``, so responses, masking and null propagation are
unchanged; tests/api/test_execution.py compares answers and errors with strawberry's own
execution context, for the schema's queries and for objects and lists of every shape.

Measured on the 20-event page at 1M triples, in instructions per request (callgrind; see
``bench/page_cost.py``): 36.3M -> 31.1M for this module's leaf, object and list paths
against its earlier field-only short path, the page's loading otherwise unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, is_leaf_type
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

#: attribute of a graphql-core GraphQLField holding its plan (set by :func:`plan_field`)
PLAN = "_ckg_plan"
#: attribute of a graphql-core GraphQLObjectType whose ``is_type_of`` ignores its info
INFO_FREE_TYPE_CHECK = "_ckg_info_free_is_type_of"

#: value types that are never awaitable (strawberry's optimized_is_awaitable checks these first)
_PLAIN_VALUES = frozenset((type(None), bool, int, float, str, dict, list, tuple))


class Plan:
    """How to resolve one plain field: ``call(source, **kwargs)``, or ``call(source, info)``
    when it ``needs_info``."""

    __slots__ = ("call", "has_args", "names", "needs_info")

    def __init__(self, call: Callable[..., Any], names: dict[str, str], needs_info: bool = False):
        self.call = call
        self.needs_info = needs_info
        self.names = names  # GraphQL argument name -> Python parameter name
        self.has_args = bool(names)


def plan_field(gql_field, call: Callable[..., Any], names: dict[str, str] | None = None) -> None:
    """Mark ``gql_field`` plain: ``call(source, **kwargs)`` resolves it without info, the
    keyword arguments renamed from GraphQL names by ``names`` (which covers every argument)."""
    setattr(gql_field, PLAN, Plan(call, names or {}))


def plan_field_with_info(gql_field, resolve: Callable[..., Any]) -> None:
    """Mark ``gql_field``, which takes no arguments, for ``resolve(source, info)`` (its
    graphql-core resolve function) without the middleware and argument machinery."""
    if gql_field.args:
        raise ValueError("plan_field_with_info is for fields without arguments")
    setattr(gql_field, PLAN, Plan(resolve, {}, needs_info=True))


def planned(gql_field) -> bool:
    return getattr(gql_field, PLAN, None) is not None


def mark_info_free_type_checks(object_types, ignores_info: Callable[[Callable], bool]) -> None:
    """Record, on each graphql-core object type whose ``is_type_of`` passes
    ``ignores_info``, that the check may be called without a resolve info."""
    for type_ in object_types:
        if type_.is_type_of is not None and ignores_info(type_.is_type_of):
            setattr(type_, INFO_FREE_TYPE_CHECK, True)


_OBJECT, _LEAF, _LIST = "object", "leaf", "list"


def _kind(named) -> str | None:
    """How the short path completes a value of the named type ``named``: an object of a
    concrete type with no type check or one that ignores its info, or a leaf; None: by
    graphql-core's own completion."""
    if type(named) is GraphQLObjectType:
        if named.is_type_of is None or getattr(named, INFO_FREE_TYPE_CHECK, False):
            return _OBJECT
        return None
    return _LEAF if is_leaf_type(named) else None


def _unwrap(type_) -> tuple[bool, Any]:
    non_null = type(type_) is GraphQLNonNull
    return non_null, (type_.of_type if non_null else type_)


class _Step:
    """One response key of a grouped field set, worked out once per execution: its field
    definition and plan, and how the short path completes its value (``kind``: an object,
    a leaf, a list of either, or None for graphql-core's own completion). ``inline``: a
    plain leaf run inside ``execute_fields``."""

    __slots__ = (
        "details",
        "field_def",
        "has_args",
        "inline",
        "item_kind",
        "item_named",
        "item_non_null",
        "item_type",
        "kind",
        "kwargs",
        "name",
        "named",
        "non_null",
        "plan",
        "return_type",
    )

    def __init__(self, name, details, field_def, plan: Plan | None):
        self.name, self.details, self.field_def, self.plan = name, details, field_def, plan
        self.kwargs = None
        self.kind = self.item_kind = None
        if plan is None:
            self.inline = False
            return
        node = details[0].node
        self.has_args = plan.has_args or bool(node.arguments)
        self.return_type = field_def.type
        self.non_null, self.named = _unwrap(self.return_type)
        if type(self.named) is GraphQLList:
            self.item_type = self.named.of_type
            self.item_non_null, self.item_named = _unwrap(self.item_type)
            self.item_kind = _kind(self.item_named)
            if self.item_kind is not None and not node.directives:  # no @stream
                self.kind = _LIST
        else:
            self.kind = _kind(self.named)
        self.inline = self.kind is _LEAF and not plan.needs_info

    def nodes(self) -> list:
        return [d.node for d in self.details]


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with the short path described in the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._short = manager is None or not manager.middlewares
        self._steps: dict[tuple[int, int], tuple[Any, list[_Step]]] = {}

    # -- fields ----------------------------------------------------------------------------
    def _steps_of(self, parent_type, grouped_field_set) -> list[_Step]:
        key = (id(grouped_field_set), id(parent_type))
        found = self._steps.get(key)
        if found is None:
            fields = parent_type.fields
            steps = []
            for name, details in grouped_field_set.items():
                field_def = fields.get(details[0].node.name.value)
                steps.append(_Step(name, details, field_def, getattr(field_def, PLAN, None)))
            found = self._steps[key] = (grouped_field_set, steps)  # the set kept alive with its id
        return found[1]

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):
        """graphql-core's ``execute_fields``, with the short path for plain fields."""
        if not self._short or position_context is not None:  # middleware, or under @defer
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        typename = parent_type.name
        try:
            for step in self._steps_of(parent_type, grouped_field_set):
                name = step.name
                if step.inline:
                    result = self._inline_leaf(step, parent_type, source_value, path)
                elif step.plan is not None:
                    result = self._execute_planned(step, parent_type, source_value, Path(path, name, typename))
                else:
                    field_path = Path(path, name, typename)
                    result = self.execute_field(parent_type, source_value, step.details, field_path, None)
                    if result is Undefined:
                        continue
                results[name] = result
                if type(result) not in _PLAIN_VALUES and is_awaitable(result):
                    awaitable_fields.append(name)
        except Exception:
            if awaitable_fields:  # as graphql-core: settle the siblings' awaitables, then bubble
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return _await_fields(results, awaitable_fields)

    def _call(self, step: _Step, source):
        if step.has_args:
            return step.plan.call(source, **self._kwargs(step))
        return step.plan.call(source)

    def _inline_leaf(self, step: _Step, parent_type, source, path):
        """A plain leaf field: resolve and coerce; the response path made only for an error."""
        try:
            result = self._call(step, source)
            if type(result) in _PLAIN_VALUES or not self.is_awaitable(result):
                if _is_null(result, step.non_null, parent_type, step):
                    return None
                return self.complete_leaf_value(step.named, result)
        except Exception as raw_error:  # noqa: BLE001 - located and collected as graphql-core does
            self.handle_field_error(raw_error, step.return_type, step.details, Path(path, step.name, parent_type.name))
            return None
        # an awaitable from a plain resolver: graphql-core's own completion
        field_path = Path(path, step.name, parent_type.name)
        info = self.build_resolve_info(step.field_def, step.nodes(), parent_type, field_path)
        return self.complete_awaitable_value(step.return_type, step.details, info, field_path, result, None)

    def _execute_planned(self, step: _Step, parent_type, source, path):
        """Any other plain field: resolve (with a resolve info only for a resolver that
        takes one) and complete."""
        try:
            if step.plan.needs_info:
                info = self.build_resolve_info(step.field_def, step.nodes(), parent_type, path)
                result = step.plan.call(source, info)
            else:
                info = None
                result = self._call(step, source)
            return self._complete(step, parent_type, path, result, info)
        except Exception as raw_error:  # noqa: BLE001 - located and collected as graphql-core does
            self.handle_field_error(raw_error, step.return_type, step.details, path)
            return None

    def _kwargs(self, step: _Step) -> dict[str, Any]:
        """The field's arguments by Python name, read once per step: they depend on the
        query text and its variables only, both fixed for an execution."""
        if step.kwargs is None:
            details = step.details[0]
            args = get_argument_values(
                step.field_def,
                details.node,
                self.variable_values,
                details.fragment_variable_values,
                self.hide_suggestions,
            )
            step.kwargs = {step.plan.names[k]: v for k, v in args.items()}
        return step.kwargs

    # -- values ----------------------------------------------------------------------------
    def _complete(self, step: _Step, parent_type, path, result, info):
        """Complete the value of a plain field (module docstring); ``info`` is None when
        none was built."""
        kind = step.kind
        if kind is None or (type(result) not in _PLAIN_VALUES and self.is_awaitable(result)):
            return self._general(step, parent_type, path, result, info)
        if _is_null(result, step.non_null, parent_type, step):
            return None
        if kind is _OBJECT:
            return self._complete_object(step.named, step.details, path, result)
        if kind is _LEAF:
            return self.complete_leaf_value(step.named, result)
        if type(result) in (list, tuple):
            return self._complete_list(step, parent_type, path, result, info)
        return self._general(step, parent_type, path, result, info)

    def _general(self, step: _Step, parent_type, path, result, info):
        """graphql-core's own completion (the tail of its ``execute_field``)."""
        if info is None:
            info = self.build_resolve_info(step.field_def, step.nodes(), parent_type, path)
        if self.is_awaitable(result):
            return self.complete_awaitable_value(step.return_type, step.details, info, path, result, None)
        completed = self.complete_value(step.return_type, step.details, info, path, result, None)
        if self.is_awaitable(completed):
            return self._await_completed(completed, step.return_type, step.details, path)
        return completed

    def _complete_object(self, type_, details, path, result):
        """``complete_object_value`` for a concrete object type whose ``is_type_of``, if
        any, ignores its info (:func:`_kind`)."""
        is_type_of = type_.is_type_of
        if is_type_of is not None and not is_type_of(result, None):
            raise _invalid_return_type(type_, result, details)
        grouped, new_defer_usages, _forbidden = self.collect_subfields(type_, details)
        if new_defer_usages:
            return self.collect_and_execute_subfields(type_, details, path, result, None)
        return self.execute_fields(type_, result, path, grouped, None)

    def _complete_list(self, step: _Step, parent_type, path, items, info):
        """``complete_iterable_value`` for a list or tuple of objects or leaf values,
        without ``@stream``."""
        item_type, named, item_kind, details = step.item_type, step.item_named, step.item_kind, step.details
        grouped = is_type_of = None
        if item_kind is _OBJECT:  # the items' sub-fields, collected once for the list
            is_type_of = named.is_type_of
            grouped, new_defer_usages, _forbidden = self.collect_subfields(named, details)
            if new_defer_usages:
                grouped = None
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        is_awaitable = self.is_awaitable
        for index, item in enumerate(items):
            item_path = Path(path, index, None)
            if type(item) not in _PLAIN_VALUES and is_awaitable(item):
                if info is None:
                    info = self.build_resolve_info(step.field_def, step.nodes(), parent_type, path)
                completed.append(
                    self.complete_awaitable_list_item_value(item, item_type, details, info, item_path, None)
                )
                awaitable_indices.append(index)
                continue
            try:
                if _is_null(item, step.item_non_null, parent_type, step):
                    value = None
                elif grouped is not None:
                    if is_type_of is not None and not is_type_of(item, None):
                        raise _invalid_return_type(named, item, details)
                    value = self.execute_fields(named, item, item_path, grouped, None)
                elif item_kind is _OBJECT:
                    value = self._complete_object(named, details, item_path, item)
                else:
                    value = self.complete_leaf_value(named, item)
            except Exception as raw_error:  # noqa: BLE001 - as complete_list_item_value
                self.handle_field_error(raw_error, item_type, details, item_path)
                value = None
            if type(value) not in _PLAIN_VALUES and is_awaitable(value):
                value = self._await_completed(value, item_type, details, item_path)
                awaitable_indices.append(index)
            completed.append(value)
        if not awaitable_indices:
            return completed
        return _await_items(completed, awaitable_indices)

    async def _await_completed(self, completed, return_type, details, path):
        try:
            return await completed
        except Exception as raw_error:  # noqa: BLE001 - as graphql-core's execute_field
            self.handle_field_error(raw_error, return_type, details, path)
            return None


def _is_null(value, non_null: bool, parent_type, step: _Step) -> bool:
    """graphql-core's checks before completing a value: a returned error is raised, and a
    null for a non-null type is an error. True when the value is null."""
    if isinstance(value, Exception):
        raise value
    if value is None or value is Undefined:
        if non_null:
            raise TypeError(_null_error(parent_type, step))
        return True
    return False


def _null_error(parent_type, step: _Step) -> str:
    return f"Cannot return null for non-nullable field {parent_type.name}.{step.details[0].node.name.value}."


async def _await_fields(results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
    """The tail of graphql-core's ``execute_fields``: await the fields that are awaitable."""
    if len(awaitable_fields) == 1:
        field = awaitable_fields[0]
        results[field] = await results[field]
    else:
        awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
        results.update(zip(awaitable_fields, awaited, strict=True))
    return results


async def _await_items(completed: list[Any], indices: list[int]) -> list[Any]:
    """The tail of graphql-core's ``complete_iterable_value``: await the awaitable items."""
    if len(indices) == 1:
        completed[indices[0]] = await completed[indices[0]]
    else:
        awaited = await gather_with_cancel(*(completed[i] for i in indices))
        for i, value in zip(indices, awaited, strict=True):
            completed[i] = value
    return completed


def _invalid_return_type(type_, result, details):
    from graphql.execution.executor import invalid_return_type_error

    return invalid_return_type_error(type_, result, details)
