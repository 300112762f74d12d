// `ciodesim import MODEL.{prototxt,onnx} --out FILE.json`: bring a network into ciodesim.
// Caffe prototxt is read here; ONNX through tools/onnx_to_model.py (Debian's python3-onnx).
// Either way the result goes through the model loader (shapes, parameters and MACs
// inferred, every check applied) before it is written.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/process.hpp"
#include "sim/dnn/import_caffe.hpp"
#include "sim/dnn/model_json.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <sys/stat.h>

namespace ciodesim::cli {
namespace {

std::string stem(const std::string& path)
{
  const auto slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot   = base.find('.');
  return dot == std::string::npos ? base : base.substr(0, dot);
}

bool ends_with(const std::string& text, const std::string& suffix)
{
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string onnx_to_json(const std::string& path, const std::string& name)
{
  require_regular_file(path); // clean error for a missing or special file (ONNX files may exceed the text limit)
  struct stat info {};
  const std::string python = ::stat("/usr/bin/python3", &info) == 0 ? "/usr/bin/python3" : "python3";
  std::string out; // no shell, and the converter dies with us
  const int code = run_program(python, {data_dir() + "/tools/onnx_to_model.py", path, name}, &out);
  if (code == 127)
    throw InputError(path, "", "cannot run the ONNX converter");
  if (code != 0)
    throw ExitCode{code}; // the converter printed the error line
  return out;
}

} // namespace

Runner add_import(CLI::App& app)
{
  struct Options {
    std::string input, out, name;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("import", "Convert a Caffe prototxt or an ONNX model into a ciodesim model file");
  cmd->add_option("model", opt->input, "MODEL.prototxt or MODEL.onnx")->required();
  cmd->add_option("--out", opt->out, "Model file to write (e.g. models/mynet.json)")->required();
  cmd->add_option("--name", opt->name, "Model name (default: the prototxt's name, or the file name)");
  return [opt]() {
    const std::string name = opt->name.empty() ? stem(opt->input) : opt->name;
    std::string json;
    if (ends_with(opt->input, ".prototxt") || ends_with(opt->input, ".pbtxt")) {
      json = dnn::caffe_prototxt_to_json(read_text_file(opt->input), opt->input, name, opt->name);
    } else if (ends_with(opt->input, ".onnx")) {
      try {
        json = onnx_to_json(opt->input, name);
      } catch (const ExitCode& e) {
        return e.code;
      }
    } else {
      throw InputError(opt->input, "", "unknown model format", ".prototxt (Caffe), .onnx");
    }
    const dnn::Model model = dnn::load_model_text(json, opt->input); // every check of a model file
    write_file_atomic(opt->out, json);
    fmt::print("imported {} as {}: {} layers, {} blocks, {:.3f} M params, {:.3f} GMAC -> {}\n", opt->input,
               model.name(), model.size(), model.blocks().size(), model.total_params() / 1e6, model.total_macs() / 1e9,
               opt->out);
    return 0;
  };
}

} // namespace ciodesim::cli
