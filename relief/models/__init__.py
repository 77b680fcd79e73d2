from relief.models.donations import Donation, DonationUse, ReceiptCounter, Release, UseKind
from relief.models.projects import (
    PROJECT_NEXT,
    Distribution,
    Project,
    ProjectDocument,
    ProjectExpense,
    ProjectFunding,
    ProjectStatus,
)
from relief.models.stock import (
    ADJUST_REASONS,
    INWARD_KINDS,
    NEXT,
    UNITS,
    Item,
    Move,
    MoveKind,
    Stock,
    Transfer,
    TransferEvent,
    TransferLine,
    TransferStatus,
    Warehouse,
)

__all__ = ["PROJECT_NEXT", "Distribution", "Project", "ProjectDocument", "ProjectExpense", "ProjectFunding",
           "ProjectStatus", "ADJUST_REASONS", "INWARD_KINDS", "NEXT", "UNITS", "Donation", "DonationUse", "Item",
           "Move", "MoveKind",
           "ReceiptCounter", "Release", "Stock", "Transfer", "TransferEvent", "TransferLine", "TransferStatus",
           "UseKind", "Warehouse"]
