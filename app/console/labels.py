"""Every label the console shows, in Chinese and English: one catalog (tests/console check each has both).

Statuses and errors use the labels the API already has (app.present, app.errors); what is
here is the console's own words. Keys are dotted: the page, then the thing."""

from app.i18n import Text

LABELS: dict[str, Text] = {
    "app.name": Text("Lantai", "兰台"),
    "app.tagline": Text("Archive digitization reporting", "档案数字化统计报送"),
    "nav.skip": Text("Skip to main content", "跳到主要内容"),
    "nav.home": Text("Workbench", "工作台"),
    "nav.entry": Text("Report entry", "年报填报"),
    "nav.import": Text("Import", "批量导入"),
    "nav.rounds": Text("Reporting progress", "报送进度"),
    "nav.review": Text("Review queue", "审核队列"),
    "nav.compliance": Text("Compliance", "达标情况"),
    "nav.users": Text("Accounts", "账号管理"),
    "nav.main": Text("Main menu", "主菜单"),
    "nav.language": Text("中文", "English"),
    "nav.signed_in_as": Text("Signed in as", "当前用户"),
    "nav.sign_out": Text("Sign out", "退出登录"),
    "role.admin": Text("Administrator", "管理员"),
    "role.supervisor": Text("Bureau chief", "主管领导"),
    "role.reporter": Text("Clerk", "填报员"),
    "role.viewer": Text("Viewer", "查阅人员"),
    "login.title": Text("Sign in", "登录"),
    "login.username": Text("User name", "用户名"),
    "login.password": Text("Password", "密码"),
    "login.submit": Text("Sign in", "登录"),
    "login.failed": Text(
        "The user name or password is wrong, or the account is locked for a while after repeated failures.",
        "用户名或密码错误，或因多次失败账号暂被锁定。",
    ),
    "login.expired": Text("Your session has ended. Please sign in again.", "登录已过期，请重新登录。"),
    "login.signed_out": Text("You have signed out.", "您已退出登录。"),
    "password.title": Text("Change your password", "修改密码"),
    "password.must_change": Text("Please choose your own password before you go on.", "首次登录须先设置您自己的密码。"),
    "password.current": Text("Current password", "当前密码"),
    "password.new": Text("New password", "新密码"),
    "password.new_hint": Text("At least 10 characters.", "至少 10 个字符。"),
    "password.repeat": Text("New password again", "再次输入新密码"),
    "password.mismatch": Text("The two new passwords differ.", "两次输入的新密码不一致。"),
    "password.submit": Text("Save password", "保存密码"),
    "password.changed": Text("Your password is changed.", "密码已修改。"),
    "error.title": Text("Something went wrong", "出错了"),
    "error.forbidden": Text("Not allowed", "无权访问"),
    "error.forbidden_hint": Text(
        "Your account may not open this page. Ask your administrator if you need it.",
        "您的账号无权打开此页面。如确有需要，请联系管理员。",
    ),
    "error.not_found": Text("Not found", "未找到"),
    "error.csrf": Text(
        "The form was stale or did not come from this site. Reload the page and try again.",
        "表单已过期或并非来自本站。请刷新页面后重试。",
    ),
    "error.back": Text("Back to the workbench", "返回工作台"),
    "error.summary": Text("Please correct the fields marked below.", "请更正下列标出的字段。"),
    "home.title": Text("Workbench", "工作台"),
    "home.your_report": Text("This year's report", "本年度年报"),
    "home.no_report": Text("Not entered yet", "尚未填报"),
    "home.state": Text("State", "状态"),
    "home.deadline": Text("Deadline", "截止日期"),
    "home.days_left": Text("days left", "天后截止"),
    "home.overdue": Text("days overdue", "天已逾期"),
    "home.no_round": Text("No open reporting round", "当前没有进行中的报送轮次"),
    "home.warnings": Text("Warnings", "预警"),
    "home.enter": Text("Enter the report", "填报年报"),
    "home.round_progress": Text("Open round's progress", "当前轮次报送进度"),
    "home.queue_count": Text("Reports waiting for review", "待审核年报"),
    "home.open_queue": Text("Open the review queue", "进入审核队列"),
    "home.compliance": Text("Compliance summary", "达标情况概览"),
    "home.open_compliance": Text("See compliance", "查看达标情况"),
    "home.accounts": Text("Manage accounts", "管理账号"),
    "progress.expected": Text("Expected", "应报"),
    "progress.submitted": Text("Submitted", "已报"),
    "progress.on_time": Text("On time", "按时"),
    "progress.late": Text("Late", "逾期报送"),
    "progress.missing": Text("Missing", "未报"),
    "progress.returned": Text("Returned", "已退回"),
    "progress.approved": Text("Approved", "已通过"),
    "status.icon_ok": Text("✓", "✓"),
    "report.none": Text("Not entered", "未填报"),
    "report.submitted": Text("Submitted, awaiting review", "已报送，待审核"),
    "report.returned": Text("Returned for correction", "已退回，待修改"),
    "report.approved": Text("Approved", "已审核通过"),
    "common.save": Text("Save", "保存"),
    "common.archive": Text("Archive", "档案馆"),
    "common.year": Text("Year", "年度"),
    "common.none": Text("None", "无"),
    "common.yes": Text("Yes", "是"),
    "common.no": Text("No", "否"),
}


# A status is shown by a word and an icon, never by colour alone.
ICONS: dict[str, str] = {
    "none": "○",
    "submitted": "◔",
    "returned": "↩",
    "approved": "✓",
    "achieved": "✓",
    "on_track": "✓",
    "not_started": "○",
    "at_risk": "⚠",
    "off_track": "▼",
    "insufficient_data": "?",
    "no_data": "✗",
    "missed": "✗",
}


def icon(status: str | None) -> str:
    """The icon shown beside a status's word."""
    return ICONS.get(status or "none", "•")


def label(key: str, lang: str) -> str:
    """The label in this language; an unknown key shows itself (and fails the catalog test, which reads the templates)."""
    text = LABELS.get(key)
    return key if text is None else text.pick(lang)
