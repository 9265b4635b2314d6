// One generic entry point for every ATen operator: look the operator up by schema name and
// overload once (the C# side caches the handle), then call it boxed through the dispatcher, so
// autograd, device dispatch and every kernel behave exactly as from C++.
#include "bridge.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>
#include <cstdlib>

namespace {

// Tags of the values exchanged with C#; must match TorchSharp/Native/OpValue.cs.
enum Tag : int32_t {
  kNone = 0,
  kTensor = 1,
  kInt = 2,
  kDouble = 3,
  kBool = 4,
  kIntList = 5,
  kTensorList = 6,
  kString = 7,
  kDoubleList = 8,
  kDefault = 9,  // use the schema's default for this argument
};

struct Value {
  int32_t tag;
  int32_t pad;
  int64_t i;  // int, bool, or element count of a list / length of a string
  double d;
  void* p;    // at::Tensor*, int64_t*, double*, at::Tensor**, or char*
};
static_assert(sizeof(Value) == 32, "Value layout must match the C# struct");

std::string describe(const c10::FunctionSchema& schema, size_t index) {
  return "argument '" + schema.arguments()[index].name() + "' of " + schema.name() +
         (schema.overload_name().empty() ? "" : "." + schema.overload_name());
}

c10::IValue to_ivalue(const Value& v, const c10::Argument& arg, const c10::FunctionSchema& schema, size_t index) {
  c10::TypePtr type = arg.type();
  if (v.tag == kDefault) {
    TORCH_CHECK(arg.default_value().has_value(), "missing ", describe(schema, index));
    return *arg.default_value();
  }
  if (v.tag == kNone) {
    TORCH_CHECK(type->kind() == c10::TypeKind::OptionalType || type->kind() == c10::TypeKind::NoneType,
                "None given for non-optional ", describe(schema, index));
    return c10::IValue();
  }
  if (auto opt = type->cast<c10::OptionalType>()) type = opt->getElementType();
  const auto kind = type->kind();
  switch (v.tag) {
    case kTensor:
      TORCH_CHECK(v.p != nullptr, "null tensor for ", describe(schema, index));
      return c10::IValue(*static_cast<at::Tensor*>(v.p));
    case kInt:
      if (kind == c10::TypeKind::FloatType) return c10::IValue(static_cast<double>(v.i));
      return c10::IValue(v.i);
    case kDouble:
      TORCH_CHECK(kind != c10::TypeKind::IntType && kind != c10::TypeKind::SymIntType,
                  "a floating-point value was given for integer ", describe(schema, index));
      return c10::IValue(v.d);
    case kBool:
      return c10::IValue(v.i != 0);
    case kIntList: {
      const int64_t* data = static_cast<const int64_t*>(v.p);
      return c10::IValue(std::vector<int64_t>(data, data + v.i));
    }
    case kDoubleList: {
      const double* data = static_cast<const double*>(v.p);
      return c10::IValue(std::vector<double>(data, data + v.i));
    }
    case kTensorList: {
      at::Tensor** data = static_cast<at::Tensor**>(v.p);
      auto list_type = type->cast<c10::ListType>();
      bool optional_elements = list_type && list_type->getElementType()->kind() == c10::TypeKind::OptionalType;
      if (optional_elements) {
        c10::List<c10::optional<at::Tensor>> list;
        for (int64_t k = 0; k < v.i; ++k)
          list.push_back(data[k] ? c10::optional<at::Tensor>(*data[k]) : c10::nullopt);
        return c10::IValue(list);
      }
      c10::List<at::Tensor> list;
      for (int64_t k = 0; k < v.i; ++k) {
        TORCH_CHECK(data[k] != nullptr, "null tensor in list for ", describe(schema, index));
        list.push_back(*data[k]);
      }
      return c10::IValue(list);
    }
    case kString: {
      std::string s(static_cast<const char*>(v.p), static_cast<size_t>(v.i));
      if (kind == c10::TypeKind::DeviceObjType) return c10::IValue(c10::Device(s));
      return c10::IValue(s);
    }
    default:
      TORCH_CHECK(false, "unknown value tag ", v.tag, " for ", describe(schema, index));
  }
}

Value from_ivalue(const c10::IValue& iv) {
  Value out{};
  if (iv.isTensor()) {
    const at::Tensor& t = iv.toTensor();
    out.tag = kTensor;
    out.p = t.defined() ? ta::new_handle(t) : nullptr;
  } else if (iv.isTensorList()) {
    auto list = iv.toTensorList();
    auto** arr = static_cast<at::Tensor**>(std::malloc(sizeof(at::Tensor*) * std::max<size_t>(1, list.size())));
    for (size_t k = 0; k < list.size(); ++k) arr[k] = ta::new_handle(list.get(k));
    out.tag = kTensorList;
    out.p = arr;
    out.i = static_cast<int64_t>(list.size());
  } else if (iv.isInt()) {
    out.tag = kInt;
    out.i = iv.toInt();
  } else if (iv.isDouble()) {
    out.tag = kDouble;
    out.d = iv.toDouble();
  } else if (iv.isBool()) {
    out.tag = kBool;
    out.i = iv.toBool() ? 1 : 0;
  } else if (iv.isNone()) {
    out.tag = kNone;
  } else {
    TORCH_CHECK(false, "operator returned an unsupported value of type ", iv.tagKind());
  }
  return out;
}

}  // namespace

// Finds an operator by schema name ("aten::add") and overload ("Tensor", or "" for none).
// Returns an opaque handle that stays valid for the life of the process.
TA_EXPORT void* ta_op_find(const char* name, const char* overload) {
  TA_GUARD(nullptr, {
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload);
    return new c10::OperatorHandle(handle);
  })
}

// Calls the operator with the first `nargs` arguments given and the rest taken from the schema's
// defaults. Writes up to `max_out` results; returns how many the operator produced, or -1.
// Tensors in results are new handles owned by the caller; tensor lists are malloc'd arrays of them.
TA_EXPORT int ta_op_call(void* op, const Value* args, int nargs, Value* out, int max_out) {
  TA_GUARD(-1, {
    auto* handle = static_cast<c10::OperatorHandle*>(op);
    const auto& schema = handle->schema();
    const auto& formals = schema.arguments();
    TORCH_CHECK(static_cast<size_t>(nargs) <= formals.size(), schema.name(), " takes ", formals.size(),
                " arguments, ", nargs, " given");
    torch::jit::Stack stack;
    stack.reserve(formals.size());
    for (size_t k = 0; k < formals.size(); ++k) {
      if (k < static_cast<size_t>(nargs)) {
        stack.push_back(to_ivalue(args[k], formals[k], schema, k));
      } else {
        TORCH_CHECK(formals[k].default_value().has_value(), "missing ", describe(schema, k));
        stack.push_back(*formals[k].default_value());
      }
    }
    handle->callBoxed(stack);
    TORCH_CHECK(static_cast<int>(stack.size()) <= max_out, schema.name(), " returned ", stack.size(),
                " values, room for ", max_out);
    for (size_t k = 0; k < stack.size(); ++k) out[k] = from_ivalue(stack[k]);
    return static_cast<int>(stack.size());
  })
}
