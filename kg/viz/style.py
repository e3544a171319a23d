"""How each class looks: one colour and one shape per class, so a reader who cannot tell two colours
apart still tells the shapes apart. The palette is Tableau 10 (chosen for colour-blind readers)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClassStyle:
    name: str  # the class as the graph names it
    label: str  # as the legend shows it, English · Vietnamese
    colour: str
    shape: str  # a vis-network shape that draws its label outside (labels inside resize the shape)


CLASS_STYLE = {
    "Official": ClassStyle("Official", "Official · Cán bộ", "#e15759", "dot"),
    "Organization": ClassStyle("Organization", "Organization · Tổ chức", "#4e79a7", "hexagon"),
    "Document": ClassStyle("Document", "Document · Văn bản", "#f28e2b", "triangle"),
    "Event": ClassStyle("Event", "Event · Sự kiện", "#59a14f", "star"),
    "Bulletin": ClassStyle("Bulletin", "Bulletin · Bản tin", "#9c755f", "square"),
    "Statistic": ClassStyle("Statistic", "Statistic · Số liệu", "#b07aa1", "diamond"),
}

# Subclasses as the tooltip names them.
TYPE_LABEL = {
    "Resolution": "Resolution · Nghị quyết", "Directive": "Directive · Chỉ thị", "Plan": "Plan · Kế hoạch",
    "Decision": "Decision · Quyết định", "Conclusion": "Conclusion · Kết luận",
    "Regulation": "Regulation · Quy định", "Rules": "Rules · Quy chế", "Notice": "Notice · Thông báo",
    "Guideline": "Guideline · Hướng dẫn", "Programme": "Programme · Chương trình", "Project": "Project · Đề án",
    "OfficialLetter": "Official letter · Công văn", "Law": "Law · Luật", "Decree": "Decree · Nghị định",
    "Circular": "Circular · Thông tư", "Constitution": "Constitution · Hiến pháp",
    "OtherDocument": "Other document · Văn bản khác", "Document": "Document · Văn bản",
    "Conference": "Conference · Hội nghị", "Congress": "Congress · Đại hội", "Ceremony": "Ceremony · Lễ",
    "Seminar": "Seminar · Hội thảo", "Session": "Session · Kỳ họp", "Meeting": "Meeting · Buổi làm việc",
    "OtherEvent": "Other event · Sự kiện khác", "Event": "Event · Sự kiện",
    "Official": "Official · Cán bộ", "Organization": "Organization · Tổ chức", "Bulletin": "Bulletin · Bản tin",
    "Statistic": "Statistic · Số liệu",
}
EDGE_COLOUR = "#b8bcc4"
