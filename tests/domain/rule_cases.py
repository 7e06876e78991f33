"""The compliance rules' table of cases, every rule's, and how a case is judged."""

from app.domain.compliance import evaluate_archive
from tests.domain.cases_growth import MIN_GROWTH_CASES
from tests.domain.cases_quota import QUOTA_CASES
from tests.domain.cases_reach import REACH_CASES
from tests.domain.rule_builders import PLAN, Case

ALL_CASES = REACH_CASES + MIN_GROWTH_CASES + QUOTA_CASES


def first_rule(case: Case):
    return evaluate_archive(PLAN, case.targets, case.reports, case.as_of).rules[0]
