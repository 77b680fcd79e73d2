from django import forms

from orgs.models import User


class EmailChoiceForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_notifications"]
        labels = {"email_notifications": "同时通过电子邮件接收通知"}
        help_texts = {"email_notifications": "邮件发往账号登记的电子邮箱；未登记邮箱时只在平台内提醒。"}
