"""A graphql-core execution context with a short path for plain fields.

Why: an events page of 20 is ~344 GraphQL fields, and graphql-core runs each through the
same general machinery: wrap the resolver in the middleware chain, build a resolve-info
object, read the arguments from the AST, call the resolver, test the result for an
awaitable twice, then ``complete_value`` (non-null, list, leaf, abstract, object checks,
one recursive call per wrapper). With trivial resolvers that is ~12 µs a field, ~4 ms of
CPU a request.

Most of those fields are *plain*: a strawberry attribute (``Edge.node``, ``Participant.role``)
or a synchronous resolver that :mod:`api.lean` already calls directly and that takes no
``info`` (``Event.date``, ``Labelled.name``). For such a field :meth:`FastExecutionContext.execute_field`
calls the resolver on the source, and

* a scalar or enum result (optionally non-null) is coerced here, by the type's own
  ``coerce_output_value``, with graphql-core's errors (null in a non-null field, a value
  the type cannot serialise) — no resolve info is built at all;
* any other result (objects, lists, an awaitable) goes to graphql-core's own
  ``complete_value`` / ``complete_awaitable_value`` with a normal resolve info.

Lean resolvers that take ``info`` and no arguments (``Event.type``, ``places``,
``participants``, ``evidence``: they need it only when their page was not preloaded) get
their resolve info built, but skip the middleware wrapper and argument reading.

Measured on the 20-event page at 1M triples, in one process, interleaved with strawberry's
own context: ~1.3-1.5 ms less CPU a request (11.5 -> 10.2 ms median of 14 rounds). Two
further overrides (answering object completion by a per-type lookup, and scalar fields
inline in ``execute_fields``) measured no difference above the noise and were left out.

Arguments of a plain field are read from the AST once per field node per execution (they
depend only on the query and its variables), not once per object. The short path is not
taken when the schema has resolver middleware (extensions with a ``resolve`` hook), for
``__typename`` and introspection fields, or for any field :mod:`api.lean` left to
strawberry; those run exactly as before. Errors are located and collected by graphql-core's
``handle_field_error``, so responses, masking and null propagation are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLNonNull, is_leaf_type
from graphql.execution.values import get_argument_values
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

#: attribute of a graphql-core GraphQLField holding its plan (set by :func:`plan_field`)
PLAN = "_ckg_plan"


class Plan:
    """How to resolve one plain field: ``call(source, **kwargs)``, and for a leaf field the
    named leaf type to coerce with (``leaf``) and whether it is non-null."""

    __slots__ = ("call", "has_args", "leaf", "names", "needs_info", "non_null")

    def __init__(self, call: Callable[..., Any], names: dict[str, str], return_type, needs_info: bool = False):
        self.call = call
        self.needs_info = needs_info
        self.names = names  # GraphQL argument name -> Python parameter name
        self.has_args = bool(names)
        self.non_null = isinstance(return_type, GraphQLNonNull)
        named = return_type.of_type if self.non_null else return_type
        self.leaf = named if is_leaf_type(named) else None


def plan_field(gql_field, call: Callable[..., Any], names: dict[str, str] | None = None) -> None:
    """Mark ``gql_field`` plain: ``call(source, **kwargs)`` resolves it without info, the
    keyword arguments renamed from GraphQL names by ``names`` (which covers every argument)."""
    setattr(gql_field, PLAN, Plan(call, names or {}, gql_field.type))


def plan_field_with_info(gql_field, resolve: Callable[..., Any]) -> None:
    """Mark ``gql_field``, which takes no arguments, for ``resolve(source, info)`` (its
    graphql-core resolve function) without the middleware and argument machinery."""
    if gql_field.args:
        raise ValueError("plan_field_with_info is for fields without arguments")
    setattr(gql_field, PLAN, Plan(resolve, {}, gql_field.type, needs_info=True))


def planned(gql_field) -> bool:
    return getattr(gql_field, PLAN, None) is not None


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with the short path described in the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._short = manager is None or not manager.middlewares
        self._arguments: dict[tuple[int, int], tuple[Any, dict[str, Any]]] = {}

    def execute_field(self, parent_type, source, field_details_list, path, position_context):
        node = field_details_list[0].node
        field_def = parent_type.fields.get(node.name.value) if self._short else None
        plan = getattr(field_def, PLAN, None) if field_def is not None else None
        if plan is None:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        return_type = field_def.type
        if plan.needs_info:
            return self._execute_with_info(plan, parent_type, source, field_details_list, path, position_context)
        try:
            if plan.has_args or node.arguments:
                result = plan.call(source, **self._kwargs(field_def, plan, field_details_list[0]))
            else:
                result = plan.call(source)
            leaf = plan.leaf
            if leaf is not None and not self.is_awaitable(result):
                if isinstance(result, Exception):  # as complete_value: a returned error is raised
                    raise result
                if result is None or result is Undefined:
                    if plan.non_null:
                        raise TypeError(
                            f"Cannot return null for non-nullable field {parent_type.name}.{node.name.value}."
                        )
                    return None
                return self.complete_leaf_value(leaf, result)
            info = self.build_resolve_info(field_def, [d.node for d in field_details_list], parent_type, path)
            return self._complete(return_type, field_details_list, info, path, result, position_context)
        except Exception as raw_error:  # noqa: BLE001 - located and collected as graphql-core does
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def _execute_with_info(self, plan, parent_type, source, field_details_list, path, position_context):
        field_def = parent_type.fields[field_details_list[0].node.name.value]
        return_type = field_def.type
        try:
            info = self.build_resolve_info(field_def, [d.node for d in field_details_list], parent_type, path)
            result = plan.call(source, info)
            return self._complete(return_type, field_details_list, info, path, result, position_context)
        except Exception as raw_error:  # noqa: BLE001 - located and collected as graphql-core does
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def _complete(self, return_type, field_details_list, info, path, result, position_context):
        """graphql-core's completion of a resolved value (the tail of its ``execute_field``)."""
        if self.is_awaitable(result):
            return self.complete_awaitable_value(return_type, field_details_list, info, path, result, position_context)
        completed = self.complete_value(return_type, field_details_list, info, path, result, position_context)
        if self.is_awaitable(completed):
            return self._await_completed(completed, return_type, field_details_list, path)
        return completed

    async def _await_completed(self, completed, return_type, field_details_list, path):
        try:
            return await completed
        except Exception as raw_error:  # noqa: BLE001 - as graphql-core's execute_field
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def _kwargs(self, field_def, plan: Plan, field_details) -> dict[str, Any]:
        """The field's arguments by Python name, read once per field node: they depend on
        the query text and its variables only, both fixed for an execution."""
        key = (id(field_def), id(field_details.node))
        found = self._arguments.get(key)
        if found is None:
            args = get_argument_values(
                field_def,
                field_details.node,
                self.variable_values,
                field_details.fragment_variable_values,
                self.hide_suggestions,
            )
            args = {plan.names[k]: v for k, v in args.items()}
            found = self._arguments[key] = (field_details.node, args)  # the node kept alive with its id
        return found[1]
