"""A seeded random generator of expressions over the grammar, for conformance and fuzzing.

It produces trees of tricky literals, the bound variables, every operator, member access,
optional chaining, method and built-in calls. It steers clear of the documented known
differences (characters outside the BMP, inexact ``**`` results, sizes above our caps).
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


NUMBERS = _words(
    "0 1 2 3 7 10 17 100 255 0.1 0.2 0.3 0.5 1.5 2.5 4.35 1.005 1234.5678 .5 5. 1e3 2e-3 "
    "0.1e2 1e21 1e-7 0.000001 123456789012345680000 1e300 5e-324 0x1F 0xff 0b101 0o17 "
    "9007199254740993 NaN Infinity"
)
STRINGS = [
    "''",
    "' '",
    "'a'",
    "'abc'",
    "'0'",
    "'1'",
    "'2'",
    "'10'",
    "'9'",
    "'-1'",
    "' 12 '",
    "'0x1f'",
    "'1e3'",
    "'Infinity'",
    "'-Infinity'",
    "'NaN'",
    "'true'",
    "'null'",
    "'undefined'",
    "'\\n'",
    "'a,b,c'",
    "'Hello World'",
    "'é'",
    "'日本'",
    "'\\t1\\t'",
    "'+5'",
    "'-0'",
    "'.5'",
    "'5.'",
    "'1_000'",
    "'0b101'",
    "'0o17'",
    "'\\u00a0 7 \\u00a0'",
    "'12px'",
    "'abcabc'",
    "'[object Object]'",
    "'ß'",
    "'\"q\"'",
    "'a\\\\b'",
    "'\\x41'",
    "'\\u0041'",
    "'\\u{48}'",
    "'%41'",
    "'a%20b'",
    "'1,2'",
    "'[1,2]'",
    "'{\"a\":1}'",
    "'gold'",
    "'Ada'",
]
KEYWORDS = ["true", "false", "null", "undefined"]
VARIABLES = _words(
    "x y z nz big tiny nan inf count s e num hex t f n u arr nums empty obj blank name tier balance"
)
BINARY = ["+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "&&", "||"]
STRING_METHODS = [
    "charAt",
    "charCodeAt",
    "at",
    "indexOf",
    "lastIndexOf",
    "includes",
    "startsWith",
    "endsWith",
    "slice",
    "substring",
    "substr",
    "toUpperCase",
    "toLowerCase",
    "trim",
    "trimStart",
    "trimEnd",
    "split",
    "replace",
    "replaceAll",
    "concat",
]
ARRAY_METHODS = ["indexOf", "lastIndexOf", "includes", "join", "slice", "concat", "at"]
MATH_FUNCTIONS = ["abs", "ceil", "floor", "round", "trunc", "sign", "sqrt", "min", "max"]
GLOBAL_FUNCTIONS = ["parseInt", "parseFloat", "isNaN", "isFinite", "Number", "String", "Boolean"]
SMALL_INTS = [
    "0",
    "1",
    "2",
    "3",
    "5",
    "-1",
    "-2",
    "10",
    "NaN",
    "Infinity",
    "-Infinity",
    "1.5",
    "'2'",
    "undefined",
    "null",
    "true",
]
KEYS = [
    "'a'",
    "'b'",
    "'0'",
    "'1'",
    "'2'",
    "'length'",
    "'zz'",
    "0",
    "1",
    "2",
    "5",
    "'k-1'",
    "'list'",
    "-1",
    "1.5",
    "'c'",
]
POWER_BASES = [
    "0",
    "(-0)",
    "1",
    "2",
    "3",
    "10",
    "(-2)",
    "0.5",
    "NaN",
    "Infinity",
    "(-Infinity)",
    "'2'",
    "null",
    "true",
    "x",
    "z",
    "nz",
]
POWER_EXPONENTS = [
    "0",
    "1",
    "2",
    "3",
    "5",
    "10",
    "NaN",
    "Infinity",
    "-Infinity",
    "(-0)",
    "'3'",
    "null",
    "true",
    "count",
]


class ExpressionGenerator:
    """``generate(depth)`` returns one expression source string."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def choice(self, options: list[str]) -> str:
        return self.random.choice(options)

    def generate(self, depth: int = 4) -> str:
        if depth <= 0 or self.random.random() < 0.2:
            return self.leaf()
        producers = [
            (self.binary, 30),
            (self.unary, 8),
            (self.logical, 8),
            (self.conditional, 5),
            (self.member, 10),
            (self.string_call, 12),
            (self.array_call, 5),
            (self.math, 6),
            (self.global_call, 8),
            (self.power, 3),
            (self.coalesce, 5),
            (self.optional, 5),
            (self.literal_container, 4),
            (self.json, 3),
            (self.object_helper, 3),
            (self.in_operator, 3),
            (self.number_method, 4),
            (self.padding, 3),
            (self.chained_call, 4),
            (self.computed_object, 2),
            (self.optional_call, 2),
        ]
        functions, weights = zip(*producers)
        producer = self.random.choices(functions, weights)[0]
        return producer(depth - 1)

    def leaf(self) -> str:
        roll = self.random.random()
        if roll < 0.4:
            return self.choice(VARIABLES)
        if roll < 0.7:
            return self.choice(NUMBERS)
        if roll < 0.93:
            return self.choice(STRINGS)
        if roll < 0.995:
            return self.choice(KEYWORDS)
        return "missing"

    def operand(self, depth: int) -> str:
        text = self.generate(depth)
        if self.random.random() < 0.85 and not self.is_atom(text):
            return f"({text})"
        return text

    @staticmethod
    def is_atom(text: str) -> bool:
        return text.replace("_", "a").replace("$", "a").isalnum() or text.startswith("'")

    def receiver(self, depth: int) -> str:
        text = self.generate(depth)
        if self.is_atom(text) and not text[0].isdigit():
            return text
        return f"({text})"

    def binary(self, depth: int) -> str:
        return f"{self.operand(depth)} {self.choice(BINARY)} {self.operand(depth)}"

    def unary(self, depth: int) -> str:
        operator = self.choice(["!", "-", "+", "typeof "])
        operand = self.operand(depth)
        if operand[0] in "+-" or (operator == "typeof " and operand[0] == "("):
            operand = f"({operand})" if operand[0] != "(" else operand
        return operator + operand

    def logical(self, depth: int) -> str:
        return f"{self.operand(depth)} {self.choice(['&&', '||'])} {self.operand(depth)}"

    def coalesce(self, depth: int) -> str:
        left = self.choice(["n", "u", "z", "e", "f", "obj.zz", "arr[9]", "nan"])
        if self.random.random() < 0.5:
            left = self.operand(depth)
        return f"{left} ?? {self.operand(depth)}"

    def conditional(self, depth: int) -> str:
        return f"{self.operand(depth)} ? {self.operand(depth)} : {self.operand(depth)}"

    def member(self, depth: int) -> str:
        target = self.receiver(depth)
        roll = self.random.random()
        if roll < 0.3:
            return f"{target}.length"
        if roll < 0.6:
            return f"{target}[{self.choice(KEYS)}]"
        return f"{target}.{self.choice(['a', 'b', 'c', 'list', 'zz'])}"

    def optional(self, depth: int) -> str:
        target = self.choice(["n", "u", "obj", "obj.b", "obj.zz", "arr", "s", "blank"])
        chain = self.choice(
            [
                "?.a",
                "?.b?.c",
                "?.b.c",
                "?.[0]",
                "?.length",
                "?.zz.zz",
                "?.list[1]",
                "?.trim()",
                "?.zz?.()",
                "?.slice?.(1)",
            ]
        )
        return f"{target}{chain}"

    def args(self, depth: int, count: int) -> str:
        values = []
        for _ in range(count):
            if self.random.random() < 0.5:
                values.append(self.choice(SMALL_INTS))
            else:
                values.append(self.generate(depth))
        return ", ".join(values)

    def string_call(self, depth: int) -> str:
        target = (
            self.receiver(depth)
            if self.random.random() < 0.5
            else self.choice(["s", "e", "num", "name", "tier", "'a-b-a'", "'  padded  '", "'x,y,,z'"])
        )
        method = self.choice(STRING_METHODS)
        count = self.random.randint(0, 2)
        if method in ("split", "replace", "replaceAll", "includes", "indexOf", "startsWith"):
            first = self.choice(["','", "'a'", "''", "' '", "'l'", "'$&'", "'o'", "'-'"])
            second = self.choice(["'_'", "'$$'", "'[$&]'", '"$\'"', "'$`'", "2", "'x'"])
            return f"{target}.{method}({first}{', ' + second if count else ''})"
        return f"{target}.{method}({self.args(depth - 1, count)})"

    def padding(self, depth: int) -> str:
        target = self.choice(["s", "e", "num", "name", "'7'", "String(x)"])
        method = self.choice(["padStart", "padEnd", "repeat"])
        size = self.choice(["0", "1", "3", "5", "12", "-1", "2.5", "'4'", "NaN", "Infinity"])
        if method == "repeat":
            return f"{target}.repeat({size})"
        fill = self.choice(["", ", '0'", ", ''", ", 'ab'", ", 5", ", undefined"])
        return f"{target}.{method}({size}{fill})"

    def array_call(self, depth: int) -> str:
        target = self.choice(
            [
                "arr",
                "nums",
                "empty",
                "[1, 2, 3]",
                "[nan, 0, -0]",
                "obj.list",
                "[null, undefined, 'a']",
                "[[1, [2]], 3]",
            ]
        )
        method = self.choice(ARRAY_METHODS)
        if method == "join":
            return f"{target}.join({self.choice(['', repr('-'), repr(''), 'undefined', 'null'])})"
        return f"{target}.{method}({self.args(depth, self.random.randint(0, 2))})"

    def number_method(self, depth: int) -> str:
        target = (
            self.receiver(depth)
            if self.random.random() < 0.5
            else self.choice(
                [
                    "x",
                    "y",
                    "tiny",
                    "big",
                    "nan",
                    "(1.005)",
                    "(2.5)",
                    "(-2.5)",
                    "(0.000001)",
                    "(123.456)",
                    "(1e21)",
                    "(-1.5e-7)",
                    "nz",
                ]
            )
        )
        if self.random.random() < 0.7:
            return f"{target}.toFixed({self.choice(['', '0', '1', '2', '5', '20', '-1', '101'])})"
        radix = self.choice(["", "10", "2", "16", "36", "1", "37"])
        integer = self.choice(["(255)", "(-255)", "(0)", "(1e21)", "count", "(35)"])
        return f"{integer}.toString({radix})"

    def math(self, depth: int) -> str:
        function = self.choice(MATH_FUNCTIONS)
        count = self.random.randint(0, 3) if function in ("min", "max") else 1
        return f"Math.{function}({self.args(depth, count)})"

    def power(self, depth: int) -> str:
        base = self.choice(POWER_BASES)
        exponent = self.choice(POWER_EXPONENTS)
        if self.random.random() < 0.5:
            return f"Math.pow({base}, {exponent})"
        return f"{base} ** {exponent}"

    def global_call(self, depth: int) -> str:
        function = self.choice(GLOBAL_FUNCTIONS)
        if function == "parseInt" and self.random.random() < 0.5:
            radix = self.choice(["2", "8", "10", "16", "36", "0", "1", "37", "undefined"])
            return f"parseInt({self.generate(depth)}, {radix})"
        return f"{function}({self.generate(depth)})"

    def literal_container(self, depth: int) -> str:
        if self.random.random() < 0.5:
            items = [self.generate(depth - 1) for _ in range(self.random.randint(0, 3))]
            return "[" + ", ".join(items) + "]"
        keys = ["a", "b", "'k x'", "1", "0", "'z'"]
        self.random.shuffle(keys)
        pairs = [f"{key}: {self.generate(depth - 1)}" for key in keys[: self.random.randint(0, 3)]]
        return "({" + ", ".join(pairs) + "})"

    def json(self, depth: int) -> str:
        if self.random.random() < 0.6:
            space = self.choice(["", ", null, 2", ", null, '--'", ", ['a', '2']", ", null, 20"])
            return f"JSON.stringify({self.generate(depth)}{space})"
        text = self.choice(
            [
                '\'{"a":[1,2,{"b":null}]}\'',
                "'[1e400, -0, 0.1]'",
                "'\"\\\\u00e9\"'",
                "'NaN'",
                "' 7 '",
                '\'{"2":1,"1":2,"a":3}\'',
                "'[1,]'",
                "''",
                "'tru'",
                '\'{"a":1,"a":2}\'',
            ]
        )
        return f"JSON.parse({text})"

    def object_helper(self, depth: int) -> str:
        function = self.choice(
            [
                "Object.keys",
                "Object.values",
                "Object.entries",
                "Array.isArray",
                "Number.isInteger",
                "Number.isSafeInteger",
                "Number.isFinite",
                "Number.isNaN",
                "encodeURIComponent",
            ]
        )
        return f"{function}({self.generate(depth)})"

    def in_operator(self, depth: int) -> str:
        container = self.choice(
            ["obj", "arr", "blank", "empty", "nums", "({a: 1})", "s", "n", "obj.b", "[1, 2]"]
        )
        key = self.choice([*KEYS, "'toString'"])
        return f"{key} in {container}"

    def chained_call(self, depth: int) -> str:
        start = self.choice(["s", "name", "num", "String(x)", "tier", "'a,b,,c'", "e"])
        steps = [
            ".trim()",
            ".toUpperCase()",
            ".split(',')",
            ".join('-')",
            ".slice(1)",
            ".at(0)",
            ".concat('!')",
            ".indexOf('l')",
            ".length",
            "[0]",
            ".replace('l', 'L')",
            ".split('')",
            ".includes('a')",
            ".toString()",
        ]
        chain = "".join(self.choice(steps) for _ in range(self.random.randint(1, 4)))
        return start + chain

    def computed_object(self, depth: int) -> str:
        key = self.choice(["x", "s", "n", "u", "'k'", "1 + 1", "arr", "obj", "t"])
        return f"({{[{key}]: {self.generate(depth)}, z: 1}})"

    def optional_call(self, depth: int) -> str:
        target = self.choice(["s", "n", "u", "obj", "arr", "x", "obj.b", "t"])
        method = self.choice(["trim", "slice", "indexOf", "toFixed", "a", "zz", "includes"])
        chain = self.choice([f"?.{method}()", f".{method}?.()", f"?.{method}?.(1)", f"?.[{method!r}]?.()"])
        return target + chain


def generate_expressions(count: int, seed: int = 20240501) -> list[str]:
    generator = ExpressionGenerator(seed)
    return [generator.generate(generator.random.randint(1, 4)) for _ in range(count)]
