import django_filters

from lib.widgets import DateRange, QuickSelect
from volunteers.models import RecordStatus, ServiceRecord, Volunteer, VolunteerStatus


class VolunteerFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="姓名", lookup_expr="contains")
    status = django_filters.ChoiceFilter(label="状态", choices=VolunteerStatus.choices, widget=QuickSelect)
    skills = django_filters.CharFilter(label="技能特长", lookup_expr="contains")

    class Meta:
        model = Volunteer
        fields = ["name", "status", "skills"]


class RecordFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=RecordStatus.choices, widget=QuickSelect)
    volunteer__name = django_filters.CharFilter(label="志愿者", lookup_expr="contains")
    served_on = django_filters.DateFromToRangeFilter(label="服务日期", widget=DateRange)

    class Meta:
        model = ServiceRecord
        fields = ["status", "volunteer__name", "served_on"]
