# Helpers to compile ONNX models with the freshly built dlc at build time and
# link apps and tests against the generated objects, as a user would.

# dlc_compile_model(<name> <batch> [ONNX <file>] [FLAGS <dlc flags>...])
#   Runs `dlc <file> --batch=<batch> <flags> -o <name>.o` (<file> defaults
#   to <name>.onnx in the calling folder), which writes <name>.o and <name>.h
#   into the calling folder's binary dir. Sets <name>_OBJECT and
#   <name>_HEADER in the caller's scope.
function(dlc_compile_model name batch)
  cmake_parse_arguments(ARG "" "ONNX" "FLAGS" ${ARGN})
  set(onnx ${ARG_ONNX})
  if(NOT onnx)
    set(onnx ${CMAKE_CURRENT_SOURCE_DIR}/${name}.onnx)
  endif()
  get_filename_component(onnx_name ${onnx} NAME)
  set(obj ${CMAKE_CURRENT_BINARY_DIR}/${name}.o)
  set(hdr ${CMAKE_CURRENT_BINARY_DIR}/${name}.h)
  add_custom_command(
    OUTPUT ${obj} ${hdr}
    COMMAND $<TARGET_FILE:dlc> ${onnx} --batch=${batch} ${ARG_FLAGS} -o ${obj}
    DEPENDS dlc ${onnx}
    COMMENT "Compiling ${onnx_name} with dlc (batch ${batch}) ${ARG_FLAGS}"
    VERBATIM)
  set_source_files_properties(${obj} PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)
  set(${name}_OBJECT ${obj} PARENT_SCOPE)
  set(${name}_HEADER ${hdr} PARENT_SCOPE)
endfunction()

# dlc_add_model_app(<target> <name> <sources>...): an app linking <name>.o.
function(dlc_add_model_app target name)
  add_executable(${target} ${ARGN} ${${name}_OBJECT} ${${name}_HEADER})
  set_target_properties(${target} PROPERTIES
    C_STANDARD 11 C_STANDARD_REQUIRED ON)
  target_include_directories(${target} PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR})
  target_link_libraries(${target} PRIVATE dlcrt ZLIB::ZLIB ${DLC_OMP_LIBRARY})
  if(UNIX)
    target_link_libraries(${target} PRIVATE m)
  endif()
endfunction()
