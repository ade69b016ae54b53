#pragma once

#include "model/BuildTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <optional>

namespace ib::ui {

// The private images built from one template, or from every template (the Images window,
// with the Template column: a deleted template's images are listed as such), newest first.
class ImageTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageTableModel)

public:
    enum class Column { Name, Provider, Test, Size, Created, BuildId, Template, Count };
    enum Role {
        IdRole = Qt::UserRole + 1,
        SortRole,
        OrphanRole,  // true: the image's template no longer exists
    };

    explicit ImageTableModel(QObject *parent = nullptr);
    ~ImageTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "Passed", "Failed", "Untested", or "—" for an image made before builds tested images.
    static QString testText(const QString &testState);

    void setImages(QList<ImageRecord> images);
    // The names of the templates that exist, for the Template column; an image whose template
    // is not among them is an orphan. Unset (one template's images): nothing is an orphan.
    void setTemplateNames(std::optional<QHash<QString, QString>> names);
    void remove(const QString &imageId);
    int rowOf(const QString &imageId) const;
    const ImageRecord *imageAt(int row) const;
    const ImageRecord *imageById(const QString &imageId) const;
    // A published image's source: its name when listed, else the start of its id.
    QString sourceName(const QString &imageId) const;

private:
    QVariant displayText(const ImageRecord &image, Column column) const;
    QVariant toolTip(const ImageRecord &image, Column column) const;
    QList<ImageRecord> m_images;
    bool isOrphan(const ImageRecord &image) const;

    std::optional<QHash<QString, QString>> m_templateNames;
};

}  // namespace ib::ui
