#include "images/ImageTableModel.h"

#include "util/DisplayTime.h"
#include "util/PlainText.h"

#include <QDir>
#include <QFont>
#include <QLocale>

#include <algorithm>

namespace ib::ui {

ImageTableModel::ImageTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

ImageTableModel::~ImageTableModel() = default;

int ImageTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_images.size());
}

int ImageTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant ImageTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &image = m_images.at(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(image, column);
    case Qt::FontRole:
        if (column == Column::Template && isOrphan(image)) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        break;
    case OrphanRole:
        return isOrphan(image);
    case Qt::ToolTipRole:
        return toolTip(image, column);
    case Qt::TextAlignmentRole:
        if (column == Column::Size)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case IdRole:
        return image.id;
    case SortRole:
        switch (column) {
        case Column::Size:
            return image.sizeBytes;
        case Column::Created:
            return image.createdAt.toMSecsSinceEpoch();
        default:
            return displayText(image, column);
        }
    default:
        break;
    }
    return {};
}

QVariant ImageTableModel::displayText(const ImageRecord &image, Column column) const
{
    switch (column) {
    case Column::Name:
        return inertForLine(image.name);
    case Column::Provider:
        if (!image.sourceImageId.isEmpty())
            return tr("%1, published from %2").arg(inertForLine(image.provider), inertForLine(sourceName(image.sourceImageId)));
        return inertForLine(image.provider);
    case Column::Test:
        return testText(image.testState);
    case Column::Size:
        // Glance tells the size only once the image is saved.
        if (image.sizeBytes <= 0 && image.provider != QLatin1String("local"))
            return QStringLiteral("\u2014");
        return QLocale().formattedDataSize(image.sizeBytes, 1, QLocale::DataSizeTraditionalFormat);
    case Column::Created:
        return displayDateTime(image.createdAt);
    case Column::BuildId:
        return image.buildId.left(8);
    case Column::Template:
        if (!m_templateNames)
            return {};
        if (isOrphan(image))
            return tr("Deleted template");
        return tr("%1, revision %2").arg(inertForLine(m_templateNames->value(image.templateId))).arg(image.templateRevision);
    case Column::Count:
        break;
    }
    return {};
}

QVariant ImageTableModel::toolTip(const ImageRecord &image, Column column) const
{
    switch (column) {
    case Column::Name:
        return plainToolTip(tr("%1\nImage %2\n%3").arg(image.name, image.id, QDir::toNativeSeparators(image.location)));
    case Column::Size:
        return tr("%1 on disk, %2 virtual disk")
            .arg(QLocale().formattedDataSize(image.sizeBytes), QLocale().formattedDataSize(image.virtualSizeBytes));
    case Column::BuildId:
        return plainToolTip(image.buildId);
    case Column::Template:
        if (isOrphan(image))
            return plainToolTip(tr("Its template (%1) was deleted; the image stays until you delete it here.").arg(image.templateId));
        return plainToolTip(image.templateId);
    case Column::Test:
        if (image.testState == QLatin1String("failed"))
            return tr("The image failed its test: its build failed. Build Details shows why.");
        if (image.testState == QLatin1String("untested"))
            return tr("The image was not tested: its template turns the boot test off, or testing was skipped.");
        if (image.testState.isEmpty())
            return tr("Built before Image Builder tested images.");
        return tr("The image booted and passed its test.");
    default:
        break;
    }
    return {};
}

QString ImageTableModel::testText(const QString &testState)
{
    if (testState == QLatin1String("passed"))
        return tr("Passed");
    if (testState == QLatin1String("failed"))
        return tr("Failed");
    if (testState == QLatin1String("untested"))
        return tr("Untested");
    if (testState.isEmpty())
        return QStringLiteral("\u2014");
    return inertForLine(testState);  // a newer client's state, as it is
}

QVariant ImageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case Column::Name:
        return tr("Name");
    case Column::Provider:
        return tr("Provider");
    case Column::Test:
        return tr("Test");
    case Column::Size:
        return tr("Size");
    case Column::Created:
        return tr("Created");
    case Column::BuildId:
        return tr("Build");
    case Column::Template:
        return tr("Template");
    case Column::Count:
        break;
    }
    return {};
}

void ImageTableModel::setImages(QList<ImageRecord> images)
{
    std::stable_sort(images.begin(), images.end(), [](const ImageRecord &a, const ImageRecord &b) { return a.createdAt > b.createdAt; });
    beginResetModel();
    m_images = std::move(images);
    endResetModel();
}

bool ImageTableModel::isOrphan(const ImageRecord &image) const
{
    return m_templateNames && !m_templateNames->contains(image.templateId);
}

void ImageTableModel::setTemplateNames(std::optional<QHash<QString, QString>> names)
{
    beginResetModel();
    m_templateNames = std::move(names);
    endResetModel();
}

void ImageTableModel::remove(const QString &imageId)
{
    const int row = rowOf(imageId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_images.removeAt(row);
    endRemoveRows();
}

int ImageTableModel::rowOf(const QString &imageId) const
{
    for (int i = 0; i < m_images.size(); ++i) {
        if (m_images.at(i).id == imageId)
            return i;
    }
    return -1;
}

const ImageRecord *ImageTableModel::imageAt(int row) const
{
    return row >= 0 && row < m_images.size() ? &m_images.at(row) : nullptr;
}

const ImageRecord *ImageTableModel::imageById(const QString &imageId) const
{
    return imageAt(rowOf(imageId));
}

QString ImageTableModel::sourceName(const QString &imageId) const
{
    const auto *source = imageById(imageId);
    return source ? source->name : imageId.left(8);
}

}  // namespace ib::ui
