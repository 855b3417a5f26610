"""An explicit registry of block types, closed once the host has finished setting up.

The engine never discovers block types by itself: a host builds a registry (usually
`blocks.default_registry()`), which may add third-party types from entry points, then closes it.
"""

from __future__ import annotations

from collections.abc import Iterator

from interpreter.blocktype import BlockType


class RegistryClosedError(RuntimeError):
    pass


class UnknownBlockTypeError(KeyError):
    pass


class BlockRegistry:
    def __init__(self) -> None:
        self._types: dict[str, BlockType] = {}
        self._closed = False

    def register(self, block_type: BlockType) -> BlockType:
        if self._closed:
            raise RegistryClosedError(
                f"cannot register block type '{block_type.name}': the registry is closed")
        if block_type.name in self._types:
            raise ValueError(f"block type '{block_type.name}' is registered twice")
        self._types[block_type.name] = block_type
        return block_type

    def close(self) -> BlockRegistry:
        self._closed = True
        return self

    @property
    def closed(self) -> bool:
        return self._closed

    def get(self, name: str) -> BlockType | None:
        return self._types.get(name)

    def __getitem__(self, name: str) -> BlockType:
        try:
            return self._types[name]
        except KeyError:
            raise UnknownBlockTypeError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[BlockType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def names(self) -> list[str]:
        return sorted(self._types)
