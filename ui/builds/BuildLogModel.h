#pragma once

#include <QAbstractListModel>
#include <QStringList>

namespace ib::ui {

// The lines of a build's live log as a list: a bounded window of the last maxLines lines
// (the full log is on disk). Appending adds rows at the end; going over the bound drops
// rows from the top, both announced as row insertions and removals so that a view keeps
// its selection. Cheap at any size: a row is one shared QString, no layout is kept here.
class BuildLogModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLogModel)

public:
    explicit BuildLogModel(QObject *parent = nullptr);
    ~BuildLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Returns how many rows went.
    int setMaxLines(int lines);
    int maxLines() const { return m_maxLines; }
    // Appends, then drops the oldest rows over maxLines; returns how many rows went.
    int append(const QStringList &lines);
    void setLines(const QStringList &lines);
    // Drops the oldest lines over maxLines; returns how many.
    int trim();

    const QString &line(int row) const { return m_lines.at(row); }
    const QStringList &lines() const { return m_lines; }

private:
    QStringList m_lines;
    int m_maxLines;
};

}  // namespace ib::ui
