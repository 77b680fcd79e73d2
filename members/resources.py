"""django-import-export resource for members: Chinese headers, masked PII on export.

Used by the admin's export (``lib.excel.admin_formats``: every value neutralised, xlsx printable) and for the
column order of the import template; the all-or-nothing, scope-checking import itself is
``members.excel.import_members`` (built for 10,000-row sheets)."""

from import_export import fields

from lib.excel.admin_formats import Resource
from members.models import Member

#: the import template's columns, in order: (header, key)
COLUMNS = [
    ("会员类别", "kind"),
    ("姓名/单位名称", "name"),
    ("身份证号码", "id_number"),
    ("手机号码", "phone"),
    ("在校学生", "in_school"),
    ("统一社会信用代码", "credit_code"),
    ("联系人", "contact_person"),
    ("所属组织编号", "org"),
    ("入会日期", "joined_on"),
]


class MemberResource(Resource):
    number = fields.Field(attribute="number", column_name="会员编号")
    kind = fields.Field(attribute="get_kind_display", column_name="会员类别")
    name = fields.Field(attribute="name", column_name="姓名/单位名称")
    id_number = fields.Field(attribute="masked_id", column_name="身份证号码")
    phone = fields.Field(attribute="masked_phone", column_name="手机号码")
    org = fields.Field(attribute="org__name", column_name="所属组织")
    joined_on = fields.Field(attribute="joined_on", column_name="入会日期")
    status = fields.Field(attribute="get_status_display", column_name="状态")

    class Meta:
        model = Member
        fields = ("number", "kind", "name", "id_number", "phone", "org", "joined_on", "status")
        export_order = fields
