from django import forms

from grassroots.models import Activity, OrgProfile
from orgs.forms import org_choice_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "type", "held_on", "place", "participants", "people_trained",
                  "certified_first_aiders", "donor_registrations"]
        widgets = {"held_on": DATE}
        help_texts = {"participants": "参与的志愿者在活动登记后，到活动页面按姓名查找添加。"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = org_choice_field(user, "组织")
        self.order_fields(["org"])


class OrgProfileForm(forms.ModelForm):
    class Meta:
        model = OrgProfile
        fields = ["rules_on_file", "platform", "annual_funding"]
