#pragma once

#include "model/BuildTypes.h"
#include "templates/ImageTemplate.h"
#include "util/Latest.h"

#include <QList>
#include <QPointer>
#include <QWidget>

#include <functional>

class QComboBox;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QPushButton;

namespace ib {
class BuildService;
class Store;
}  // namespace ib

namespace ib::ui {

class TemplateController;

// The first start on an empty store, in place of the empty template table: three steps,
// each one button with its state (done / next). 1. a base image: make Debian 12 here, or
// import a cloud image file; 2. a template from a starter (nginx web server, PostgreSQL
// server, Docker host), saved through the TemplateController like any template; 3. build
// it: asks the main window to open Build Image with both preselected.
class FirstRunGuide final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunGuide)

public:
    enum class StepState {
        Waiting,  // an earlier step comes first
        Next,
        Done,
    };
    // The file to import; empty: cancelled. The default asks with a file dialog.
    using ChooseFile = std::function<QString(QWidget *parent)>;
    using NameTaken = std::function<bool(const QString &name)>;

    explicit FirstRunGuide(TemplateController &controller, QWidget *parent = nullptr);
    ~FirstRunGuide() override;

    // Without a build service, steps 1 and 3 say that builds are off.
    void setBuildService(BuildService *service, Store *store);
    void setChooseFile(ChooseFile choose) { m_chooseFile = std::move(choose); }
    void setNameTaken(NameTaken taken) { m_nameTaken = std::move(taken); }

    // Loads the base images again (after an import elsewhere, or when the guide shows).
    void refresh();
    bool isLoaded() const { return m_loaded; }

    StepState baseImageState() const;
    StepState templateState() const;
    StepState buildState() const;
    QString baseImageId() const { return m_base.id; }
    QString templateId() const { return m_template.id; }
    QComboBox *starterCombo() const { return m_starter; }
    QPushButton *makeButton() const { return m_make; }
    QPushButton *importButton() const { return m_import; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *buildButton() const { return m_build; }
    QString stepText(int step) const;  // 1..3: what the step says now

    // Step 1's actions (window-modal dialogs, not blocking); return them for tests.
    QDialog *makeBaseImage();
    QDialog *importBaseImage();
    void createStarter();

signals:
    // Step 3: open Build Image for this template with this base image chosen.
    void buildRequested(const QString &templateId, const QString &baseImageId);
    void templateCreated(const ib::ImageTemplate &t);
    void dismissRequested();

private:
    void baseImageAdded(const ib::BaseImage &base);
    void buildUi();
    QGridLayout *buildSteps();
    QHBoxLayout *buildFooter();
    void showBaseImages(const QList<BaseImage> &bases, const QString &prefer);
    void fillStarters();
    void updateSteps();
    QString targetOs() const;

    QPointer<TemplateController> m_controller;
    QPointer<BuildService> m_service;
    Store *m_store = nullptr;
    ChooseFile m_chooseFile;
    NameTaken m_nameTaken;
    bool m_loaded = false;
    Latest m_refreshes;
    BaseImage m_base;          // the one step 3 builds on; id empty: none yet
    ImageTemplate m_template;  // made by step 2; id empty: none yet
    Latest m_creates;          // the starter template being created, if any
    QString m_createError;

    struct Step
    {
        QLabel *badge = nullptr;
        QLabel *title = nullptr;
        QLabel *text = nullptr;
    };
    Step m_steps[3];
    QPushButton *m_make = nullptr;
    QPushButton *m_import = nullptr;
    QComboBox *m_starter = nullptr;
    QPushButton *m_create = nullptr;
    QPushButton *m_build = nullptr;
};

}  // namespace ib::ui
