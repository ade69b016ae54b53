#pragma once

#include <QString>
#include <QStringList>

namespace ib {

// The cloud-init datasource names a build VM printed (one a line, or separated by commas or
// spaces, as a YAML/Python list prints): untrusted output, so only names matching
// ^[A-Za-z][A-Za-z0-9]{0,31}$ are kept, each once, in order, at most 32 of them.
QStringList datasourceNames(const QString &vmOutput);

}  // namespace ib
