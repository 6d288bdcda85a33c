"""Limits on what one GraphQL request may ask for.

Strawberry's own extensions enforce depth (QueryDepthLimiter), aliases
(MaxAliasesLimiter) and tokens (MaxTokensLimiter); :func:`cost_rule` adds a cost estimate
and the page-size cap, as a validation rule, so an expensive query is refused before a
single SPARQL query runs.

Cost model: every field costs 1; the fields below a list field that takes ``first`` are
counted ``first`` times (the default value when absent; ``max_page_size`` when ``first``
is a variable, as the worst case); below any other list field they count
:data:`LIST_FANOUT` times. Fragment cycles are refused by graphql-core's standard
NoFragmentCyclesRule; the walk here also stops on them, so it cannot loop.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_interface_type,
    is_list_type,
    is_object_type,
    value_from_ast,
)

#: assumed number of items in a list field that has no `first` (participants, places …)
LIST_FANOUT = 3


def cost_rule(max_cost: int, max_page_size: int) -> type[ValidationRule]:
    class CostRule(ValidationRule):
        def enter_document(self, node, *_args):
            ctx = self.context
            fragments = {f.name.value: f for f in ctx.document.definitions if f.kind == "fragment_definition"}
            schema = ctx.schema
            for op in ctx.document.definitions:
                if not isinstance(op, OperationDefinitionNode):
                    continue
                root = schema.get_root_type(op.operation)
                if root is None:
                    continue
                try:
                    cost = self._cost(op.selection_set, root, fragments, (), 0)
                except _TooBig as e:
                    ctx.report_error(GraphQLError(str(e), [e.node] if e.node else None))
                    continue
                if cost > max_cost:
                    ctx.report_error(
                        GraphQLError(
                            f"query is too expensive: estimated cost {cost} exceeds the limit {max_cost}; "
                            "ask for smaller pages (first) or fewer nested lists",
                            [op],
                        )
                    )
            return self.SKIP

        def _cost(self, selection_set, parent, fragments, stack, depth) -> int:
            if selection_set is None or depth > 64:
                return 0
            total = 0
            for sel in selection_set.selections:
                if isinstance(sel, FieldNode):
                    total += self._field_cost(sel, parent, fragments, stack, depth)
                elif isinstance(sel, InlineFragmentNode):
                    cond = self.context.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                    total += self._cost(sel.selection_set, cond or parent, fragments, stack, depth)
                elif isinstance(sel, FragmentSpreadNode):
                    name = sel.name.value
                    frag = fragments.get(name)
                    if frag is None or name in stack:
                        continue
                    cond = self.context.schema.get_type(frag.type_condition.name.value) or parent
                    total += self._cost(frag.selection_set, cond, fragments, (*stack, name), depth)
                if total > max_cost * 1000:
                    return total
            return total

        def _field_cost(self, field: FieldNode, parent, fragments, stack, depth) -> int:
            if not (is_object_type(parent) or is_interface_type(parent)):
                return 1
            fdef = parent.fields.get(field.name.value)
            if fdef is None:
                return 1
            multiplier = (
                LIST_FANOUT if is_list_type(get_nullable_type(fdef.type)) and field.name.value != "edges" else 1
            )
            arg = fdef.args.get("first")
            if arg is not None:
                given = next((a for a in field.arguments or () if a.name.value == "first"), None)
                if given is None:
                    multiplier = arg.default_value if isinstance(arg.default_value, int) else max_page_size
                elif isinstance(given.value, VariableNode):
                    multiplier = max_page_size
                elif isinstance(given.value, IntValueNode):
                    multiplier = int(value_from_ast(given.value, arg.type) or 0)
                    if multiplier > max_page_size:
                        raise _TooBig(f"first: {multiplier} is more than the largest page, {max_page_size}", given)
            child = get_named_type(fdef.type)
            return 1 + max(multiplier, 1) * self._cost(field.selection_set, child, fragments, stack, depth + 1)

    return CostRule


class _TooBig(Exception):
    def __init__(self, message: str, node=None):
        super().__init__(message)
        self.node = node
