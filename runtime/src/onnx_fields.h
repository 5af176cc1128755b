/*===- onnx_fields.h - onnx.proto field numbers the runtime uses (internal) -===*
 *
 * From onnx/onnx.proto (IR version 8); field numbers never change.
 *
 *===----------------------------------------------------------------------===*/
#ifndef DLCRT_ONNX_FIELDS_H
#define DLCRT_ONNX_FIELDS_H

enum {
  DLC_MODEL_GRAPH = 7,        /* ModelProto.graph: GraphProto */
  DLC_GRAPH_INITIALIZER = 5,  /* GraphProto.initializer: repeated TensorProto */
  DLC_TENSOR_DIMS = 1,        /* TensorProto.dims: repeated int64 */
  DLC_TENSOR_DATA_TYPE = 2,   /* TensorProto.data_type: int32 */
  DLC_TENSOR_FLOAT_DATA = 4,  /* TensorProto.float_data: repeated float */
  DLC_TENSOR_NAME = 8,        /* TensorProto.name: string */
  DLC_TENSOR_RAW_DATA = 9,    /* TensorProto.raw_data: bytes */
  DLC_TENSOR_DATA_LOCATION = 14 /* TensorProto.data_location: 1 = EXTERNAL */
};

#endif /* DLCRT_ONNX_FIELDS_H */
