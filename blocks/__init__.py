"""The built-in block types, one module each, and the registry hosts hand to the engine.

Third-party block types register through the `designer.blocks` entry-point group: each entry
point names a `BlockType` subclass.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from blocks.assign import Assign
from blocks.bot import Bot
from blocks.business_hours import BusinessHours
from blocks.callback import Callback
from blocks.data_table import DataTable
from blocks.emergency import Emergency
from blocks.http import Http
from blocks.input_block import InputBlock
from blocks.menu import Menu
from blocks.milestone import Milestone
from blocks.module_call import Module
from blocks.play_message import PlayMessage
from blocks.record import Record
from blocks.return_block import Return
from blocks.route import Route
from blocks.segmentation import Segmentation
from blocks.set_data import SetData
from blocks.set_language import SetLanguage
from blocks.survey import Survey
from blocks.terminate import TerminateBlock
from blocks.transfer import Transfer
from interpreter.blocktype import BlockType
from interpreter.registry import BlockRegistry

BUILTIN_BLOCK_TYPES: tuple[type[BlockType], ...] = (
    Assign, Segmentation, Module, Return, TerminateBlock, SetLanguage, Milestone, SetData,
    PlayMessage, Menu, InputBlock, Record, Bot, Http, DataTable, BusinessHours, Emergency, Route,
    Transfer, Callback, Survey,
)

ENTRY_POINT_GROUP = "designer.blocks"


def default_registry(*, plugins: bool = True) -> BlockRegistry:
    """A closed registry of every built-in block type, plus installed plug-ins."""
    registry = BlockRegistry()
    for block_type in BUILTIN_BLOCK_TYPES:
        registry.register(block_type())
    if plugins:
        for entry_point in entry_points(group=ENTRY_POINT_GROUP):
            plugin = entry_point.load()
            registry.register(plugin())
    return registry.close()


_SHARED: BlockRegistry | None = None


def shared_registry() -> BlockRegistry:
    """One registry per process, built on first use."""
    global _SHARED
    if _SHARED is None:
        _SHARED = default_registry()
    return _SHARED
