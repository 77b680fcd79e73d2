from campaigns.models.campaign import DEFAULT_LEVELS, Campaign, Milestone, Stage
from campaigns.models.unit import DocumentKind, PaperCopy, StaffMember, UnitDocument

__all__ = ["DEFAULT_LEVELS", "Campaign", "DocumentKind", "Milestone", "PaperCopy", "Stage", "StaffMember",
           "UnitDocument"]
