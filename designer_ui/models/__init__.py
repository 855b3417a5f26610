"""The Designer's tables, one module per area; importing this package registers them all."""

from designer_ui.models.audit import AuditEntry
from designer_ui.models.business import (
    AnnouncementRecord,
    BusinessHoursRecord,
    DataTableRecord,
    EmergencyFlag,
    SpecialDaysRecord,
)
from designer_ui.models.callbacks import CallbackAttempt, CallbackRequest, CallbackRules
from designer_ui.models.calls import VoiceCallRecord
from designer_ui.models.environments import ENTRY_POINT_KINDS, ENVIRONMENTS, EntryPoint, EnvironmentBinding
from designer_ui.models.flows import EditLock, Flow, FlowVersion
from designer_ui.models.flowtests import FlowTestSuite
from designer_ui.models.grammars import SrgsGrammarRecord
from designer_ui.models.legal_holds import HOLD_KINDS, LegalHold
from designer_ui.models.prompts import Prompt, PromptAudio
from designer_ui.models.queues import AgentProfile, DistributorLease, Interaction, Queue
from designer_ui.models.routing import RoutingRevision
from designer_ui.models.sessions import LoginSession, LoginThrottle
from designer_ui.models.simulator import SimulatorSession
from designer_ui.models.users import ROLES, ApiToken, User

__all__ = [
    "ENTRY_POINT_KINDS",
    "ENVIRONMENTS",
    "HOLD_KINDS",
    "ROLES",
    "AgentProfile",
    "AnnouncementRecord",
    "ApiToken",
    "AuditEntry",
    "BusinessHoursRecord",
    "CallbackAttempt",
    "CallbackRequest",
    "CallbackRules",
    "DataTableRecord",
    "DistributorLease",
    "EditLock",
    "EmergencyFlag",
    "EntryPoint",
    "EnvironmentBinding",
    "Flow",
    "FlowTestSuite",
    "FlowVersion",
    "Interaction",
    "LegalHold",
    "LoginSession",
    "LoginThrottle",
    "Prompt",
    "PromptAudio",
    "Queue",
    "RoutingRevision",
    "SimulatorSession",
    "SpecialDaysRecord",
    "SrgsGrammarRecord",
    "User",
    "VoiceCallRecord",
]
