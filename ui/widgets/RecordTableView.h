#pragma once

class QTableView;

namespace ib::ui {

// The house setup of a table of records (templates, builds, images): whole rows, one at a
// time, read-only, sortable, one line per row. Fixed row heights and no resize-to-contents
// keep it fast at 100k rows. Column widths stay with the caller.
void setUpRecordTableView(QTableView *view);

}  // namespace ib::ui
