from django import forms

MAX_UPLOAD = 20 * 1024 * 1024


class VerifyForm(forms.Form):
    pdf = forms.FileField(label="备案表 PDF 文件")

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件过大（不超过 20MB）。")
        return upload


class Pkcs12Form(forms.Form):
    file = forms.FileField(label="证书文件（.p12 / .pfx）")
    password = forms.CharField(label="证书密码", required=False, strip=False,
                               widget=forms.PasswordInput(render_value=False))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("证书文件过大（不超过 1MB）。")
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(label="吊销原因", max_length=200)
