"""Request-validation problems (pydantic's) and HTTP errors in plain words, in English or Chinese.

Each problem reads "<field>: <what is wrong>", the field as a dotted path without
"body" (e.g. "digitized_volumes: Input should be greater than or equal to 0"); in
Chinese a report's figure is named by its label, its key beside it
("已数字化案卷数（digitized_volumes）：应大于或等于 0").
English is pydantic's own message; Chinese comes from CHINESE, by pydantic's
error type, with the constraint filled in from the problem's context; a type not
listed falls back to the English message.
"""

from collections.abc import Mapping

from app.domain.report_checks import figure_label_zh

CHINESE: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段",
    "greater_than_equal": "应大于或等于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应小于或等于 {le}",
    "less_than": "应小于 {lt}",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数，不能有小数",
    "int_parsing_size": "数字过大",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "finite_number": "应为有限的数字",
    "string_type": "应为文本",
    "string_too_short": "长度至少为 {min_length} 个字符",
    "string_too_long": "长度不能超过 {max_length} 个字符",
    "string_pattern_mismatch": "格式不正确（应符合 {pattern}）",
    "hidden_character": "不能包含控制字符、双向覆盖字符或不可见字符（第 {position} 位 U+{code}）",
    "no_visible_text": "须有可见内容，不能只有空格",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "list_type": "应为数组",
    "datetime_parsing": "应为日期时间（ISO 8601）",
    "datetime_from_date_parsing": "应为日期时间（ISO 8601）",
    "datetime_type": "应为日期时间（ISO 8601）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_out_of_range": "该时刻换算为 UTC 后超出公元 1 至 9999 年",
}
MALFORMED_JSON = {"en": "the request body is not valid JSON", "zh": "请求体不是有效的 JSON"}
# Starlette's HTTP errors (English: its own detail), by status.
HTTP_DETAILS_ZH = {
    400: "无法解析请求",
    401: "未认证",
    403: "无权访问",
    404: "未找到",
    405: "不支持该请求方法",
    413: "请求体过大",
}


def describe(problem: Mapping[str, object], lang: str) -> str:
    """One validation problem as "<field>: <what is wrong>" in `lang` ("zh" or English)."""
    location = [str(part) for part in problem.get("loc", ()) if part != "body"]  # type: ignore[attr-defined]
    field = ".".join(location) or "body"
    kind = str(problem.get("type"))
    if lang == "zh" and location and figure_label_zh(location[-1]) != location[-1]:
        field = f"{figure_label_zh(location[-1])}（{field}）"  # a figure named by its label, its key beside it
    if lang == "zh" and kind in CHINESE:
        context = problem.get("ctx") or {}
        try:
            return f"{field}：{CHINESE[kind].format_map(context)}"  # type: ignore[arg-type]
        except (KeyError, IndexError):
            return f"{field}：{problem.get('msg')}"
    if kind == "extra_forbidden":
        return f"{field}: unknown field"
    return f"{field}: {problem.get('msg')}"
