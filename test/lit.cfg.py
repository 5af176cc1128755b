# -*- Python -*-
# lit configuration of dlc's tests: test/lit/<Area>/ holds MLIR (.mlir), ONNX
# protobuf text (.onnxtxt) and driver (.test) tests. Unit tests (GoogleTest),
# the conformance suite, the gradient cases and the training tests have
# their own ctest entries and are excluded.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_obj_root, "test")
config.excludes = [
    "CMakeLists.txt",
    "lit.cfg.py",
    "lit.site.cfg.py",
    "unit",
    "conformance",
    "gradients",
    "training",
    "bench",
    "Inputs",
]

config.substitutions.append(("%python", '"%s"' % config.python_executable))
config.substitutions.append(("%cc", config.host_cc))

# dlc's tools come first; FileCheck, not and count from LLVM's tools dir.
tool_dirs = [config.dlc_tools_dir, config.llvm_tools_dir]
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.dlc_tools_dir, append_path=True)
# `pre` keeps flag values such as `--emit=dlc` and names such as `my_dlc`
# from being taken for the tool.
pre = r".-^/\<=_:"
tools = [
    ToolSubst("dlc-opt", pre=pre, unresolved="fatal"),
    # The driver may be missing from a partial build; its tests then fail
    # with "command not found" rather than being skipped.
    ToolSubst("dlc", pre=pre, post="-._", unresolved="ignore"),
    ToolSubst("FileCheck", pre=pre, unresolved="fatal"),
    ToolSubst("not", pre=pre, unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)
