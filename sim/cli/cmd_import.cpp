// `ciodesim import MODEL.{prototxt,onnx} --out FILE.json`: bring a network into ciodesim.
// Caffe prototxt is read here; ONNX through tools/onnx_to_model.py (Debian's python3-onnx).
// Either way the result goes through the model loader (shapes, parameters and MACs
// inferred, every check applied) before it is written.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/dnn/import_caffe.hpp"
#include "sim/dnn/model_json.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <sys/stat.h>
#include <sys/wait.h>

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

std::string quote(const std::string& arg)
{
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string onnx_to_json(const std::string& path, const std::string& name)
{
  require_regular_file(path); // clean error for a missing or special file (ONNX files may exceed the text limit)
  struct stat info {};
  const std::string python = ::stat("/usr/bin/python3", &info) == 0 ? "/usr/bin/python3" : "python3";
  const std::string cmd = fmt::format("{} {} {} {}", python, quote(data_dir() + "/tools/onnx_to_model.py"),
                                      quote(path), quote(name));
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr)
    throw InputError(path, "", "cannot run the ONNX converter");
  std::string out;
  std::array<char, 65536> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;)
    out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw ExitCode{WIFEXITED(status) ? WEXITSTATUS(status) : 1}; // the converter printed the error line
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
