"""SHACL validation reports as GraphQL types (from kg.validation.Report)."""

from __future__ import annotations

import strawberry


@strawberry.type(description="One SHACL result: what is wrong, where, and which shape said so.")
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    severity: str
    component: str | None

    @classmethod
    def from_row(cls, v) -> Violation:
        return cls(
            focus=v.focus,
            path=v.path,
            value=v.value,
            message=v.message,
            shape=v.shape,
            severity=v.severity,
            component=v.component,
        )


@strawberry.type(description="A SHACL validation report.")
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    text: str

    @classmethod
    def from_row(cls, report) -> ValidationReport:
        return cls(
            conforms=bool(report.conforms),
            violations=[Violation.from_row(v) for v in report.violations],
            text=report.to_text(),
        )
