// The uploader: sends model blocks to nodes, in the order of the requester's latest plan.
#include "sim/runtime/requester.hpp"


namespace ciodesim::runtime {

void Requester::upload_now(int p, int block)
{
  const double t0 = sg::Engine::get_clock();
  w_.transfer(procs_[req_], procs_[static_cast<std::size_t>(p)], base_.param_bytes[static_cast<std::size_t>(block)],
              procs_[req_]);
  w_.mark_resident(procs_[static_cast<std::size_t>(p)], model_.name(), block, blocks());
  w_.records().uploads.push_back(UploadRecord{name_, model_.name(), w_.processor_name(procs_[static_cast<std::size_t>(p)]), block,
                                              base_.param_bytes[static_cast<std::size_t>(block)], t0,
                                              sg::Engine::get_clock()});
}

void Requester::note_upload_complete()
{
  if (!shared_->planned || shared_->upload_complete_noted)
    return;
  for (const auto& item : shared_->upload_order)
    if (!resident(item.processor, item.block))
      return; // skipped (a suspected node), not done
  w_.records().upload_complete_s[name_] = sg::Engine::get_clock();
  shared_->upload_complete_noted        = true;
}

void Requester::run_uploader()
{
  // Uploads blocks one at a time, always the first of the latest order that is neither
  // resident nor in flight: a new plan re-orders what is left.
  while (true) {
    const plan::UploadItem* next = nullptr;
    for (const auto& item : shared_->upload_order)
      if (!resident(item.processor, item.block) && usable(item.processor) &&
          !shared_->in_flight[static_cast<std::size_t>(item.block)][static_cast<std::size_t>(item.processor)]) {
        next = &item;
        break;
      }
    if (next == nullptr) {
      note_upload_complete();
      if (shared_->done)
        return;
      shared_->uploader_idle = true;
      shared_->new_plan->acquire();
      shared_->uploader_idle = false;
      if (shared_->done)
        return;
      continue;
    }
    const plan::UploadItem item = *next;
    shared_->in_flight[static_cast<std::size_t>(item.block)][static_cast<std::size_t>(item.processor)] = 1;
    try {
      upload_now(item.processor, item.block);
    } catch (const Unreachable&) {
      shared_->in_flight[static_cast<std::size_t>(item.block)][static_cast<std::size_t>(item.processor)] = 0;
      const int self = procs_[req_];
      if (w_.up(self)) {
        suspect(item.processor); // the target or a link failed: the upload starts again later
        continue;
      }
      // The requester's own CPU failed: uploads go on once it is back (never, if permanent).
      if (!w_.await_recovery(self))
        return;
      continue;
    }
    shared_->in_flight[static_cast<std::size_t>(item.block)][static_cast<std::size_t>(item.processor)] = 0;
    if (shared_->done)
      return;
  }
}

} // namespace ciodesim::runtime
