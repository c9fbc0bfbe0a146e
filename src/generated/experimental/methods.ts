// GENERATED CODE! DO NOT MODIFY BY HAND!
// Written by scripts/generate.mjs from the request unions of `codex app-server generate-ts`.

import type { AccountSessionsListParams } from "./v2/AccountSessionsListParams.js";
import type { AccountSessionsResponse } from "./v2/AccountSessionsResponse.js";
import type { AccountSessionsSwitchParams } from "./v2/AccountSessionsSwitchParams.js";
import type { AccountSessionsSwitchResponse } from "./v2/AccountSessionsSwitchResponse.js";
import type { ApplyPatchApprovalParams } from "../ApplyPatchApprovalParams.js";
import type { ApplyPatchApprovalResponse } from "../ApplyPatchApprovalResponse.js";
import type { AppsInstalledParams } from "../v2/AppsInstalledParams.js";
import type { AppsInstalledResponse } from "../v2/AppsInstalledResponse.js";
import type { AppsListParams } from "../v2/AppsListParams.js";
import type { AppsListResponse } from "../v2/AppsListResponse.js";
import type { AppsReadParams } from "../v2/AppsReadParams.js";
import type { AppsReadResponse } from "../v2/AppsReadResponse.js";
import type { AttestationGenerateParams } from "../v2/AttestationGenerateParams.js";
import type { AttestationGenerateResponse } from "../v2/AttestationGenerateResponse.js";
import type { BedrockCheckGovCloudRequirementsParams } from "./v2/BedrockCheckGovCloudRequirementsParams.js";
import type { BedrockCheckGovCloudRequirementsResponse } from "./v2/BedrockCheckGovCloudRequirementsResponse.js";
import type { BedrockDiscoverParams } from "./v2/BedrockDiscoverParams.js";
import type { BedrockDiscoverResponse } from "./v2/BedrockDiscoverResponse.js";
import type { BedrockSetupParams } from "./v2/BedrockSetupParams.js";
import type { BedrockSetupResponse } from "./v2/BedrockSetupResponse.js";
import type { CancelLoginAccountParams } from "../v2/CancelLoginAccountParams.js";
import type { CancelLoginAccountResponse } from "../v2/CancelLoginAccountResponse.js";
import type { ChatgptAuthTokensRefreshParams } from "../v2/ChatgptAuthTokensRefreshParams.js";
import type { ChatgptAuthTokensRefreshResponse } from "../v2/ChatgptAuthTokensRefreshResponse.js";
import type { CollaborationModeListParams } from "./v2/CollaborationModeListParams.js";
import type { CollaborationModeListResponse } from "./v2/CollaborationModeListResponse.js";
import type { CommandExecParams } from "./v2/CommandExecParams.js";
import type { CommandExecResizeParams } from "../v2/CommandExecResizeParams.js";
import type { CommandExecResizeResponse } from "../v2/CommandExecResizeResponse.js";
import type { CommandExecResponse } from "../v2/CommandExecResponse.js";
import type { CommandExecTerminateParams } from "../v2/CommandExecTerminateParams.js";
import type { CommandExecTerminateResponse } from "../v2/CommandExecTerminateResponse.js";
import type { CommandExecWriteParams } from "../v2/CommandExecWriteParams.js";
import type { CommandExecWriteResponse } from "../v2/CommandExecWriteResponse.js";
import type { CommandExecutionRequestApprovalParams } from "./v2/CommandExecutionRequestApprovalParams.js";
import type { CommandExecutionRequestApprovalResponse } from "../v2/CommandExecutionRequestApprovalResponse.js";
import type { ConfigBatchWriteParams } from "../v2/ConfigBatchWriteParams.js";
import type { ConfigReadParams } from "../v2/ConfigReadParams.js";
import type { ConfigReadResponse } from "./v2/ConfigReadResponse.js";
import type { ConfigRequirementsReadResponse } from "./v2/ConfigRequirementsReadResponse.js";
import type { ConfigValueWriteParams } from "../v2/ConfigValueWriteParams.js";
import type { ConfigWriteResponse } from "../v2/ConfigWriteResponse.js";
import type { ConsumeAccountRateLimitResetCreditParams } from "../v2/ConsumeAccountRateLimitResetCreditParams.js";
import type { ConsumeAccountRateLimitResetCreditResponse } from "../v2/ConsumeAccountRateLimitResetCreditResponse.js";
import type { DynamicToolCallParams } from "../v2/DynamicToolCallParams.js";
import type { DynamicToolCallResponse } from "../v2/DynamicToolCallResponse.js";
import type { EnvironmentAddParams } from "./v2/EnvironmentAddParams.js";
import type { EnvironmentAddResponse } from "./v2/EnvironmentAddResponse.js";
import type { EnvironmentInfoParams } from "./v2/EnvironmentInfoParams.js";
import type { EnvironmentInfoResponse } from "./v2/EnvironmentInfoResponse.js";
import type { EnvironmentStatusParams } from "./v2/EnvironmentStatusParams.js";
import type { EnvironmentStatusResponse } from "./v2/EnvironmentStatusResponse.js";
import type { ExecCommandApprovalParams } from "../ExecCommandApprovalParams.js";
import type { ExecCommandApprovalResponse } from "../ExecCommandApprovalResponse.js";
import type { ExperimentalFeatureEnablementSetParams } from "../v2/ExperimentalFeatureEnablementSetParams.js";
import type { ExperimentalFeatureEnablementSetResponse } from "../v2/ExperimentalFeatureEnablementSetResponse.js";
import type { ExperimentalFeatureListParams } from "../v2/ExperimentalFeatureListParams.js";
import type { ExperimentalFeatureListResponse } from "../v2/ExperimentalFeatureListResponse.js";
import type { ExternalAgentConfigDetectParams } from "../v2/ExternalAgentConfigDetectParams.js";
import type { ExternalAgentConfigDetectResponse } from "../v2/ExternalAgentConfigDetectResponse.js";
import type { ExternalAgentConfigImportHistoriesReadResponse } from "../v2/ExternalAgentConfigImportHistoriesReadResponse.js";
import type { ExternalAgentConfigImportHistoryRecordParams } from "../v2/ExternalAgentConfigImportHistoryRecordParams.js";
import type { ExternalAgentConfigImportHistoryRecordResponse } from "../v2/ExternalAgentConfigImportHistoryRecordResponse.js";
import type { ExternalAgentConfigImportParams } from "../v2/ExternalAgentConfigImportParams.js";
import type { ExternalAgentConfigImportResponse } from "../v2/ExternalAgentConfigImportResponse.js";
import type { FeedbackSaveParams } from "../v2/FeedbackSaveParams.js";
import type { FeedbackSaveResponse } from "../v2/FeedbackSaveResponse.js";
import type { FeedbackUploadParams } from "../v2/FeedbackUploadParams.js";
import type { FeedbackUploadResponse } from "../v2/FeedbackUploadResponse.js";
import type { FileChangeRequestApprovalParams } from "../v2/FileChangeRequestApprovalParams.js";
import type { FileChangeRequestApprovalResponse } from "../v2/FileChangeRequestApprovalResponse.js";
import type { FsCopyParams } from "../v2/FsCopyParams.js";
import type { FsCopyResponse } from "../v2/FsCopyResponse.js";
import type { FsCreateDirectoryParams } from "../v2/FsCreateDirectoryParams.js";
import type { FsCreateDirectoryResponse } from "../v2/FsCreateDirectoryResponse.js";
import type { FsGetMetadataParams } from "../v2/FsGetMetadataParams.js";
import type { FsGetMetadataResponse } from "../v2/FsGetMetadataResponse.js";
import type { FsReadDirectoryParams } from "../v2/FsReadDirectoryParams.js";
import type { FsReadDirectoryResponse } from "../v2/FsReadDirectoryResponse.js";
import type { FsReadFileParams } from "../v2/FsReadFileParams.js";
import type { FsReadFileResponse } from "../v2/FsReadFileResponse.js";
import type { FsRemoveParams } from "../v2/FsRemoveParams.js";
import type { FsRemoveResponse } from "../v2/FsRemoveResponse.js";
import type { FsUnwatchParams } from "../v2/FsUnwatchParams.js";
import type { FsUnwatchResponse } from "../v2/FsUnwatchResponse.js";
import type { FsWatchParams } from "../v2/FsWatchParams.js";
import type { FsWatchResponse } from "../v2/FsWatchResponse.js";
import type { FsWriteFileParams } from "../v2/FsWriteFileParams.js";
import type { FsWriteFileResponse } from "../v2/FsWriteFileResponse.js";
import type { FuzzyFileSearchParams } from "../FuzzyFileSearchParams.js";
import type { FuzzyFileSearchResponse } from "../FuzzyFileSearchResponse.js";
import type { FuzzyFileSearchSessionStartParams } from "./FuzzyFileSearchSessionStartParams.js";
import type { FuzzyFileSearchSessionStartResponse } from "./FuzzyFileSearchSessionStartResponse.js";
import type { FuzzyFileSearchSessionStopParams } from "./FuzzyFileSearchSessionStopParams.js";
import type { FuzzyFileSearchSessionStopResponse } from "./FuzzyFileSearchSessionStopResponse.js";
import type { FuzzyFileSearchSessionUpdateParams } from "./FuzzyFileSearchSessionUpdateParams.js";
import type { FuzzyFileSearchSessionUpdateResponse } from "./FuzzyFileSearchSessionUpdateResponse.js";
import type { GatewayOAuthCancelResponse } from "../v2/GatewayOAuthCancelResponse.js";
import type { GatewayOAuthLoginParams } from "../v2/GatewayOAuthLoginParams.js";
import type { GatewayOAuthLoginResponse } from "../v2/GatewayOAuthLoginResponse.js";
import type { GatewayOAuthReadParams } from "../v2/GatewayOAuthReadParams.js";
import type { GatewayOAuthReadResponse } from "../v2/GatewayOAuthReadResponse.js";
import type { GcpSetupParams } from "./v2/GcpSetupParams.js";
import type { GcpSetupResponse } from "./v2/GcpSetupResponse.js";
import type { GetAccountParams } from "../v2/GetAccountParams.js";
import type { GetAccountRateLimitsParams } from "../v2/GetAccountRateLimitsParams.js";
import type { GetAccountRateLimitsResponse } from "../v2/GetAccountRateLimitsResponse.js";
import type { GetAccountResponse } from "./v2/GetAccountResponse.js";
import type { GetAccountSecuritySetupResponse } from "../v2/GetAccountSecuritySetupResponse.js";
import type { GetAccountTokenUsageParams } from "../v2/GetAccountTokenUsageParams.js";
import type { GetAccountTokenUsageResponse } from "../v2/GetAccountTokenUsageResponse.js";
import type { GetAuthStatusParams } from "../GetAuthStatusParams.js";
import type { GetAuthStatusResponse } from "../GetAuthStatusResponse.js";
import type { GetConversationSummaryParams } from "../GetConversationSummaryParams.js";
import type { GetConversationSummaryResponse } from "../GetConversationSummaryResponse.js";
import type { GetWorkspaceMessagesResponse } from "../v2/GetWorkspaceMessagesResponse.js";
import type { GitDiffToRemoteParams } from "../GitDiffToRemoteParams.js";
import type { GitDiffToRemoteResponse } from "../GitDiffToRemoteResponse.js";
import type { HooksListParams } from "../v2/HooksListParams.js";
import type { HooksListResponse } from "../v2/HooksListResponse.js";
import type { InitializeParams } from "../InitializeParams.js";
import type { InitializeResponse } from "../InitializeResponse.js";
import type { ListMcpServerStatusParams } from "../v2/ListMcpServerStatusParams.js";
import type { ListMcpServerStatusResponse } from "../v2/ListMcpServerStatusResponse.js";
import type { LoginAccountParams } from "../v2/LoginAccountParams.js";
import type { LoginAccountResponse } from "../v2/LoginAccountResponse.js";
import type { LogoutAccountResponse } from "../v2/LogoutAccountResponse.js";
import type { MarketplaceAddParams } from "../v2/MarketplaceAddParams.js";
import type { MarketplaceAddResponse } from "../v2/MarketplaceAddResponse.js";
import type { MarketplaceRemoveParams } from "../v2/MarketplaceRemoveParams.js";
import type { MarketplaceRemoveResponse } from "../v2/MarketplaceRemoveResponse.js";
import type { MarketplaceUpgradeParams } from "../v2/MarketplaceUpgradeParams.js";
import type { MarketplaceUpgradeResponse } from "../v2/MarketplaceUpgradeResponse.js";
import type { McpResourceReadParams } from "../v2/McpResourceReadParams.js";
import type { McpResourceReadResponse } from "../v2/McpResourceReadResponse.js";
import type { McpServerElicitationRequestParams } from "./v2/McpServerElicitationRequestParams.js";
import type { McpServerElicitationRequestResponse } from "../v2/McpServerElicitationRequestResponse.js";
import type { McpServerEventStreamStartParams } from "./v2/McpServerEventStreamStartParams.js";
import type { McpServerEventStreamStartResponse } from "./v2/McpServerEventStreamStartResponse.js";
import type { McpServerEventStreamStopParams } from "./v2/McpServerEventStreamStopParams.js";
import type { McpServerEventStreamStopResponse } from "./v2/McpServerEventStreamStopResponse.js";
import type { McpServerOauthLoginParams } from "../v2/McpServerOauthLoginParams.js";
import type { McpServerOauthLoginResponse } from "../v2/McpServerOauthLoginResponse.js";
import type { McpServerRefreshResponse } from "../v2/McpServerRefreshResponse.js";
import type { McpServerToolCallParams } from "../v2/McpServerToolCallParams.js";
import type { McpServerToolCallResponse } from "../v2/McpServerToolCallResponse.js";
import type { MemoryResetResponse } from "./v2/MemoryResetResponse.js";
import type { MemoryStatusParams } from "./v2/MemoryStatusParams.js";
import type { MemoryStatusResponse } from "./v2/MemoryStatusResponse.js";
import type { MockExperimentalMethodParams } from "./v2/MockExperimentalMethodParams.js";
import type { MockExperimentalMethodResponse } from "./v2/MockExperimentalMethodResponse.js";
import type { ModelListParams } from "../v2/ModelListParams.js";
import type { ModelListResponse } from "../v2/ModelListResponse.js";
import type { ModelProviderCapabilitiesReadParams } from "../v2/ModelProviderCapabilitiesReadParams.js";
import type { ModelProviderCapabilitiesReadResponse } from "../v2/ModelProviderCapabilitiesReadResponse.js";
import type { ModelProviderConfigWriteParams } from "../v2/ModelProviderConfigWriteParams.js";
import type { ModelProviderConfigWriteResponse } from "../v2/ModelProviderConfigWriteResponse.js";
import type { ModelProviderDefaultSetParams } from "../v2/ModelProviderDefaultSetParams.js";
import type { ModelProviderListParams } from "../v2/ModelProviderListParams.js";
import type { ModelProviderListResponse } from "../v2/ModelProviderListResponse.js";
import type { PermissionProfileListParams } from "../v2/PermissionProfileListParams.js";
import type { PermissionProfileListResponse } from "../v2/PermissionProfileListResponse.js";
import type { PermissionsRequestApprovalParams } from "../v2/PermissionsRequestApprovalParams.js";
import type { PermissionsRequestApprovalResponse } from "../v2/PermissionsRequestApprovalResponse.js";
import type { PluginInstallParams } from "../v2/PluginInstallParams.js";
import type { PluginInstallResponse } from "../v2/PluginInstallResponse.js";
import type { PluginInstalledParams } from "../v2/PluginInstalledParams.js";
import type { PluginInstalledResponse } from "../v2/PluginInstalledResponse.js";
import type { PluginListParams } from "../v2/PluginListParams.js";
import type { PluginListResponse } from "../v2/PluginListResponse.js";
import type { PluginReadParams } from "../v2/PluginReadParams.js";
import type { PluginReadResponse } from "../v2/PluginReadResponse.js";
import type { PluginReconcileParams } from "../v2/PluginReconcileParams.js";
import type { PluginReconcileResponse } from "../v2/PluginReconcileResponse.js";
import type { PluginSearchParams } from "./v2/PluginSearchParams.js";
import type { PluginSearchResponse } from "./v2/PluginSearchResponse.js";
import type { PluginShareCheckoutParams } from "../v2/PluginShareCheckoutParams.js";
import type { PluginShareCheckoutResponse } from "../v2/PluginShareCheckoutResponse.js";
import type { PluginShareDeleteParams } from "../v2/PluginShareDeleteParams.js";
import type { PluginShareDeleteResponse } from "../v2/PluginShareDeleteResponse.js";
import type { PluginShareListParams } from "../v2/PluginShareListParams.js";
import type { PluginShareListResponse } from "../v2/PluginShareListResponse.js";
import type { PluginShareSaveParams } from "../v2/PluginShareSaveParams.js";
import type { PluginShareSaveResponse } from "../v2/PluginShareSaveResponse.js";
import type { PluginShareUpdateTargetsParams } from "../v2/PluginShareUpdateTargetsParams.js";
import type { PluginShareUpdateTargetsResponse } from "../v2/PluginShareUpdateTargetsResponse.js";
import type { PluginSkillReadParams } from "../v2/PluginSkillReadParams.js";
import type { PluginSkillReadResponse } from "../v2/PluginSkillReadResponse.js";
import type { PluginUninstallParams } from "../v2/PluginUninstallParams.js";
import type { PluginUninstallResponse } from "../v2/PluginUninstallResponse.js";
import type { ProcessKillParams } from "./v2/ProcessKillParams.js";
import type { ProcessKillResponse } from "./v2/ProcessKillResponse.js";
import type { ProcessResizePtyParams } from "./v2/ProcessResizePtyParams.js";
import type { ProcessResizePtyResponse } from "./v2/ProcessResizePtyResponse.js";
import type { ProcessSpawnParams } from "./v2/ProcessSpawnParams.js";
import type { ProcessSpawnResponse } from "./v2/ProcessSpawnResponse.js";
import type { ProcessWriteStdinParams } from "./v2/ProcessWriteStdinParams.js";
import type { ProcessWriteStdinResponse } from "./v2/ProcessWriteStdinResponse.js";
import type { ProjectCreateParams } from "./v2/ProjectCreateParams.js";
import type { ProjectCreateResponse } from "./v2/ProjectCreateResponse.js";
import type { ProjectDeleteParams } from "./v2/ProjectDeleteParams.js";
import type { ProjectDeleteResponse } from "./v2/ProjectDeleteResponse.js";
import type { ProjectImportParams } from "./v2/ProjectImportParams.js";
import type { ProjectImportResponse } from "./v2/ProjectImportResponse.js";
import type { ProjectListParams } from "./v2/ProjectListParams.js";
import type { ProjectListResponse } from "./v2/ProjectListResponse.js";
import type { ProjectMoveParams } from "./v2/ProjectMoveParams.js";
import type { ProjectMoveResponse } from "./v2/ProjectMoveResponse.js";
import type { ProjectReadParams } from "./v2/ProjectReadParams.js";
import type { ProjectReadResponse } from "./v2/ProjectReadResponse.js";
import type { ProjectUpdateParams } from "./v2/ProjectUpdateParams.js";
import type { ProjectUpdateResponse } from "./v2/ProjectUpdateResponse.js";
import type { RemoteControlClientsListParams } from "./v2/RemoteControlClientsListParams.js";
import type { RemoteControlClientsListResponse } from "./v2/RemoteControlClientsListResponse.js";
import type { RemoteControlClientsRevokeParams } from "./v2/RemoteControlClientsRevokeParams.js";
import type { RemoteControlClientsRevokeResponse } from "./v2/RemoteControlClientsRevokeResponse.js";
import type { RemoteControlDisableParams } from "../v2/RemoteControlDisableParams.js";
import type { RemoteControlDisableResponse } from "./v2/RemoteControlDisableResponse.js";
import type { RemoteControlEnableParams } from "../v2/RemoteControlEnableParams.js";
import type { RemoteControlEnableResponse } from "./v2/RemoteControlEnableResponse.js";
import type { RemoteControlPairingStartParams } from "./v2/RemoteControlPairingStartParams.js";
import type { RemoteControlPairingStartResponse } from "./v2/RemoteControlPairingStartResponse.js";
import type { RemoteControlPairingStatusParams } from "./v2/RemoteControlPairingStatusParams.js";
import type { RemoteControlPairingStatusResponse } from "./v2/RemoteControlPairingStatusResponse.js";
import type { RemoteControlStatusReadResponse } from "./v2/RemoteControlStatusReadResponse.js";
import type { ReviewStartParams } from "../v2/ReviewStartParams.js";
import type { ReviewStartResponse } from "../v2/ReviewStartResponse.js";
import type { RolloutCompressResponse } from "./v2/RolloutCompressResponse.js";
import type { SendAddCreditsNudgeEmailParams } from "../v2/SendAddCreditsNudgeEmailParams.js";
import type { SendAddCreditsNudgeEmailResponse } from "../v2/SendAddCreditsNudgeEmailResponse.js";
import type { ServerDiagnosticsParams } from "./v2/ServerDiagnosticsParams.js";
import type { ServerDiagnosticsResponse } from "./v2/ServerDiagnosticsResponse.js";
import type { SkillsConfigWriteParams } from "../v2/SkillsConfigWriteParams.js";
import type { SkillsConfigWriteResponse } from "../v2/SkillsConfigWriteResponse.js";
import type { SkillsExtraRootsSetParams } from "../v2/SkillsExtraRootsSetParams.js";
import type { SkillsExtraRootsSetResponse } from "../v2/SkillsExtraRootsSetResponse.js";
import type { SkillsListParams } from "../v2/SkillsListParams.js";
import type { SkillsListResponse } from "../v2/SkillsListResponse.js";
import type { ThreadApproveGuardianDeniedActionParams } from "../v2/ThreadApproveGuardianDeniedActionParams.js";
import type { ThreadApproveGuardianDeniedActionResponse } from "../v2/ThreadApproveGuardianDeniedActionResponse.js";
import type { ThreadArchiveParams } from "../v2/ThreadArchiveParams.js";
import type { ThreadArchiveResponse } from "../v2/ThreadArchiveResponse.js";
import type { ThreadAttachmentAddParams } from "../v2/ThreadAttachmentAddParams.js";
import type { ThreadAttachmentAddResponse } from "../v2/ThreadAttachmentAddResponse.js";
import type { ThreadAttachmentListParams } from "../v2/ThreadAttachmentListParams.js";
import type { ThreadAttachmentListResponse } from "../v2/ThreadAttachmentListResponse.js";
import type { ThreadAttachmentOwnerListParams } from "../v2/ThreadAttachmentOwnerListParams.js";
import type { ThreadAttachmentOwnerListResponse } from "../v2/ThreadAttachmentOwnerListResponse.js";
import type { ThreadAttachmentRemoveParams } from "../v2/ThreadAttachmentRemoveParams.js";
import type { ThreadAttachmentRemoveResponse } from "../v2/ThreadAttachmentRemoveResponse.js";
import type { ThreadBackgroundTerminalsCleanParams } from "./v2/ThreadBackgroundTerminalsCleanParams.js";
import type { ThreadBackgroundTerminalsCleanResponse } from "./v2/ThreadBackgroundTerminalsCleanResponse.js";
import type { ThreadBackgroundTerminalsListParams } from "./v2/ThreadBackgroundTerminalsListParams.js";
import type { ThreadBackgroundTerminalsListResponse } from "./v2/ThreadBackgroundTerminalsListResponse.js";
import type { ThreadBackgroundTerminalsTerminateParams } from "./v2/ThreadBackgroundTerminalsTerminateParams.js";
import type { ThreadBackgroundTerminalsTerminateResponse } from "./v2/ThreadBackgroundTerminalsTerminateResponse.js";
import type { ThreadCompactStartParams } from "../v2/ThreadCompactStartParams.js";
import type { ThreadCompactStartResponse } from "../v2/ThreadCompactStartResponse.js";
import type { ThreadDecrementElicitationParams } from "./v2/ThreadDecrementElicitationParams.js";
import type { ThreadDecrementElicitationResponse } from "./v2/ThreadDecrementElicitationResponse.js";
import type { ThreadDeleteParams } from "../v2/ThreadDeleteParams.js";
import type { ThreadDeleteResponse } from "../v2/ThreadDeleteResponse.js";
import type { ThreadForkParams } from "./v2/ThreadForkParams.js";
import type { ThreadForkResponse } from "./v2/ThreadForkResponse.js";
import type { ThreadGoalClearParams } from "../v2/ThreadGoalClearParams.js";
import type { ThreadGoalClearResponse } from "../v2/ThreadGoalClearResponse.js";
import type { ThreadGoalGetParams } from "../v2/ThreadGoalGetParams.js";
import type { ThreadGoalGetResponse } from "../v2/ThreadGoalGetResponse.js";
import type { ThreadGoalSetParams } from "../v2/ThreadGoalSetParams.js";
import type { ThreadGoalSetResponse } from "../v2/ThreadGoalSetResponse.js";
import type { ThreadGuardianReviewParams } from "./v2/ThreadGuardianReviewParams.js";
import type { ThreadGuardianReviewResponse } from "./v2/ThreadGuardianReviewResponse.js";
import type { ThreadIncrementElicitationParams } from "./v2/ThreadIncrementElicitationParams.js";
import type { ThreadIncrementElicitationResponse } from "./v2/ThreadIncrementElicitationResponse.js";
import type { ThreadInjectItemsParams } from "../v2/ThreadInjectItemsParams.js";
import type { ThreadInjectItemsResponse } from "../v2/ThreadInjectItemsResponse.js";
import type { ThreadItemsListParams } from "./v2/ThreadItemsListParams.js";
import type { ThreadItemsListResponse } from "./v2/ThreadItemsListResponse.js";
import type { ThreadItemsReadParams } from "./v2/ThreadItemsReadParams.js";
import type { ThreadItemsReadResponse } from "./v2/ThreadItemsReadResponse.js";
import type { ThreadListParams } from "./v2/ThreadListParams.js";
import type { ThreadListResponse } from "./v2/ThreadListResponse.js";
import type { ThreadLoadedListParams } from "../v2/ThreadLoadedListParams.js";
import type { ThreadLoadedListResponse } from "../v2/ThreadLoadedListResponse.js";
import type { ThreadMemoryModeSetParams } from "./v2/ThreadMemoryModeSetParams.js";
import type { ThreadMemoryModeSetResponse } from "./v2/ThreadMemoryModeSetResponse.js";
import type { ThreadMemoryReadParams } from "./v2/ThreadMemoryReadParams.js";
import type { ThreadMemoryReadResponse } from "./v2/ThreadMemoryReadResponse.js";
import type { ThreadMetadataUpdateParams } from "./v2/ThreadMetadataUpdateParams.js";
import type { ThreadMetadataUpdateResponse } from "./v2/ThreadMetadataUpdateResponse.js";
import type { ThreadPredictionRequestParams } from "./v2/ThreadPredictionRequestParams.js";
import type { ThreadPredictionRequestResponse } from "./v2/ThreadPredictionRequestResponse.js";
import type { ThreadPrepareApprovedPlanParams } from "./v2/ThreadPrepareApprovedPlanParams.js";
import type { ThreadPrepareApprovedPlanResponse } from "./v2/ThreadPrepareApprovedPlanResponse.js";
import type { ThreadQueueAddParams } from "./v2/ThreadQueueAddParams.js";
import type { ThreadQueueAddResponse } from "./v2/ThreadQueueAddResponse.js";
import type { ThreadQueueDeleteParams } from "./v2/ThreadQueueDeleteParams.js";
import type { ThreadQueueDeleteResponse } from "./v2/ThreadQueueDeleteResponse.js";
import type { ThreadQueueListParams } from "./v2/ThreadQueueListParams.js";
import type { ThreadQueueListResponse } from "./v2/ThreadQueueListResponse.js";
import type { ThreadQueueReorderParams } from "./v2/ThreadQueueReorderParams.js";
import type { ThreadQueueReorderResponse } from "./v2/ThreadQueueReorderResponse.js";
import type { ThreadQueueStartParams } from "./v2/ThreadQueueStartParams.js";
import type { ThreadQueueStartResponse } from "./v2/ThreadQueueStartResponse.js";
import type { ThreadQueueUpdateParams } from "./v2/ThreadQueueUpdateParams.js";
import type { ThreadQueueUpdateResponse } from "./v2/ThreadQueueUpdateResponse.js";
import type { ThreadReadParams } from "../v2/ThreadReadParams.js";
import type { ThreadReadResponse } from "./v2/ThreadReadResponse.js";
import type { ThreadReadStateUpdateParams } from "./v2/ThreadReadStateUpdateParams.js";
import type { ThreadReadStateUpdateResponse } from "./v2/ThreadReadStateUpdateResponse.js";
import type { ThreadRealtimeAppendAudioParams } from "./v2/ThreadRealtimeAppendAudioParams.js";
import type { ThreadRealtimeAppendAudioResponse } from "./v2/ThreadRealtimeAppendAudioResponse.js";
import type { ThreadRealtimeAppendSpeechParams } from "./v2/ThreadRealtimeAppendSpeechParams.js";
import type { ThreadRealtimeAppendSpeechResponse } from "./v2/ThreadRealtimeAppendSpeechResponse.js";
import type { ThreadRealtimeAppendTextParams } from "./v2/ThreadRealtimeAppendTextParams.js";
import type { ThreadRealtimeAppendTextResponse } from "./v2/ThreadRealtimeAppendTextResponse.js";
import type { ThreadRealtimeListParams } from "./v2/ThreadRealtimeListParams.js";
import type { ThreadRealtimeListResponse } from "./v2/ThreadRealtimeListResponse.js";
import type { ThreadRealtimeListVoicesParams } from "./v2/ThreadRealtimeListVoicesParams.js";
import type { ThreadRealtimeListVoicesResponse } from "./v2/ThreadRealtimeListVoicesResponse.js";
import type { ThreadRealtimeStartParams } from "./v2/ThreadRealtimeStartParams.js";
import type { ThreadRealtimeStartResponse } from "./v2/ThreadRealtimeStartResponse.js";
import type { ThreadRealtimeStopParams } from "./v2/ThreadRealtimeStopParams.js";
import type { ThreadRealtimeStopResponse } from "./v2/ThreadRealtimeStopResponse.js";
import type { ThreadResumeParams } from "./v2/ThreadResumeParams.js";
import type { ThreadResumeResponse } from "./v2/ThreadResumeResponse.js";
import type { ThreadRevertParams } from "../v2/ThreadRevertParams.js";
import type { ThreadRevertResponse } from "./v2/ThreadRevertResponse.js";
import type { ThreadSampleCancelParams } from "./v2/ThreadSampleCancelParams.js";
import type { ThreadSampleCancelResponse } from "./v2/ThreadSampleCancelResponse.js";
import type { ThreadSampleParams } from "./v2/ThreadSampleParams.js";
import type { ThreadSampleResponse } from "./v2/ThreadSampleResponse.js";
import type { ThreadSearchCancelParams } from "./v2/ThreadSearchCancelParams.js";
import type { ThreadSearchCancelResponse } from "./v2/ThreadSearchCancelResponse.js";
import type { ThreadSearchOccurrencesParams } from "./v2/ThreadSearchOccurrencesParams.js";
import type { ThreadSearchOccurrencesResponse } from "./v2/ThreadSearchOccurrencesResponse.js";
import type { ThreadSearchParams } from "./v2/ThreadSearchParams.js";
import type { ThreadSearchResponse } from "./v2/ThreadSearchResponse.js";
import type { ThreadSectionCreateParams } from "../v2/ThreadSectionCreateParams.js";
import type { ThreadSectionCreateResponse } from "../v2/ThreadSectionCreateResponse.js";
import type { ThreadSectionDeleteParams } from "../v2/ThreadSectionDeleteParams.js";
import type { ThreadSectionDeleteResponse } from "../v2/ThreadSectionDeleteResponse.js";
import type { ThreadSectionListParams } from "../v2/ThreadSectionListParams.js";
import type { ThreadSectionListResponse } from "../v2/ThreadSectionListResponse.js";
import type { ThreadSectionMoveParams } from "../v2/ThreadSectionMoveParams.js";
import type { ThreadSectionMoveResponse } from "../v2/ThreadSectionMoveResponse.js";
import type { ThreadSectionUpdateParams } from "../v2/ThreadSectionUpdateParams.js";
import type { ThreadSectionUpdateResponse } from "../v2/ThreadSectionUpdateResponse.js";
import type { ThreadSetNameParams } from "../v2/ThreadSetNameParams.js";
import type { ThreadSetNameResponse } from "../v2/ThreadSetNameResponse.js";
import type { ThreadSettingsUpdateParams } from "./v2/ThreadSettingsUpdateParams.js";
import type { ThreadSettingsUpdateResponse } from "./v2/ThreadSettingsUpdateResponse.js";
import type { ThreadShellCommandParams } from "../v2/ThreadShellCommandParams.js";
import type { ThreadShellCommandResponse } from "../v2/ThreadShellCommandResponse.js";
import type { ThreadStartParams } from "./v2/ThreadStartParams.js";
import type { ThreadStartResponse } from "./v2/ThreadStartResponse.js";
import type { ThreadTimelineListParams } from "./v2/ThreadTimelineListParams.js";
import type { ThreadTimelineListResponse } from "./v2/ThreadTimelineListResponse.js";
import type { ThreadTurnsListParams } from "../v2/ThreadTurnsListParams.js";
import type { ThreadTurnsListResponse } from "../v2/ThreadTurnsListResponse.js";
import type { ThreadUnarchiveParams } from "../v2/ThreadUnarchiveParams.js";
import type { ThreadUnarchiveResponse } from "./v2/ThreadUnarchiveResponse.js";
import type { ThreadUnsubscribeParams } from "../v2/ThreadUnsubscribeParams.js";
import type { ThreadUnsubscribeResponse } from "../v2/ThreadUnsubscribeResponse.js";
import type { ToolRequestUserInputParams } from "../v2/ToolRequestUserInputParams.js";
import type { ToolRequestUserInputResponse } from "../v2/ToolRequestUserInputResponse.js";
import type { TurnInterruptParams } from "../v2/TurnInterruptParams.js";
import type { TurnInterruptResponse } from "../v2/TurnInterruptResponse.js";
import type { TurnSettingsUpdateParams } from "./v2/TurnSettingsUpdateParams.js";
import type { TurnSettingsUpdateResponse } from "./v2/TurnSettingsUpdateResponse.js";
import type { TurnStartParams } from "./v2/TurnStartParams.js";
import type { TurnStartResponse } from "../v2/TurnStartResponse.js";
import type { TurnSteerParams } from "./v2/TurnSteerParams.js";
import type { TurnSteerResponse } from "../v2/TurnSteerResponse.js";
import type { UserVerificationCancelParams } from "./v2/UserVerificationCancelParams.js";
import type { UserVerificationCancelResponse } from "./v2/UserVerificationCancelResponse.js";
import type { UserVerificationDeleteParams } from "./v2/UserVerificationDeleteParams.js";
import type { UserVerificationDeleteResponse } from "./v2/UserVerificationDeleteResponse.js";
import type { UserVerificationEnrollParams } from "./v2/UserVerificationEnrollParams.js";
import type { UserVerificationEnrollResponse } from "./v2/UserVerificationEnrollResponse.js";
import type { UserVerificationStatusParams } from "./v2/UserVerificationStatusParams.js";
import type { UserVerificationStatusResponse } from "./v2/UserVerificationStatusResponse.js";
import type { UserVerificationVerifyParams } from "./v2/UserVerificationVerifyParams.js";
import type { UserVerificationVerifyResponse } from "./v2/UserVerificationVerifyResponse.js";
import type { WindowsSandboxReadinessResponse } from "../v2/WindowsSandboxReadinessResponse.js";
import type { WindowsSandboxSetupStartParams } from "../v2/WindowsSandboxSetupStartParams.js";
import type { WindowsSandboxSetupStartResponse } from "../v2/WindowsSandboxSetupStartResponse.js";

/** Every client request method of the experimental protocol, with its params and result types. @experimental */
export type ExperimentalClientRequestMap = {
  "initialize": { params: InitializeParams; result: InitializeResponse };
  "server/diagnostics": { params: ServerDiagnosticsParams; result: ServerDiagnosticsResponse };
  "userVerification/status": { params: UserVerificationStatusParams; result: UserVerificationStatusResponse };
  "userVerification/enroll": { params: UserVerificationEnrollParams; result: UserVerificationEnrollResponse };
  "userVerification/delete": { params: UserVerificationDeleteParams; result: UserVerificationDeleteResponse };
  "userVerification/verify": { params: UserVerificationVerifyParams; result: UserVerificationVerifyResponse };
  "userVerification/cancel": { params: UserVerificationCancelParams; result: UserVerificationCancelResponse };
  "thread/start": { params: ThreadStartParams; result: ThreadStartResponse };
  "thread/resume": { params: ThreadResumeParams; result: ThreadResumeResponse };
  "thread/fork": { params: ThreadForkParams; result: ThreadForkResponse };
  "thread/sample": { params: ThreadSampleParams; result: ThreadSampleResponse };
  "thread/sample/cancel": { params: ThreadSampleCancelParams; result: ThreadSampleCancelResponse };
  "thread/archive": { params: ThreadArchiveParams; result: ThreadArchiveResponse };
  "thread/delete": { params: ThreadDeleteParams; result: ThreadDeleteResponse };
  "thread/unsubscribe": { params: ThreadUnsubscribeParams; result: ThreadUnsubscribeResponse };
  "thread/increment_elicitation": { params: ThreadIncrementElicitationParams; result: ThreadIncrementElicitationResponse };
  "thread/decrement_elicitation": { params: ThreadDecrementElicitationParams; result: ThreadDecrementElicitationResponse };
  "thread/name/set": { params: ThreadSetNameParams; result: ThreadSetNameResponse };
  "thread/prediction/request": { params: ThreadPredictionRequestParams; result: ThreadPredictionRequestResponse };
  "thread/goal/set": { params: ThreadGoalSetParams; result: ThreadGoalSetResponse };
  "thread/goal/get": { params: ThreadGoalGetParams; result: ThreadGoalGetResponse };
  "thread/goal/clear": { params: ThreadGoalClearParams; result: ThreadGoalClearResponse };
  "thread/queue/add": { params: ThreadQueueAddParams; result: ThreadQueueAddResponse };
  "thread/queue/list": { params: ThreadQueueListParams; result: ThreadQueueListResponse };
  "thread/queue/update": { params: ThreadQueueUpdateParams; result: ThreadQueueUpdateResponse };
  "thread/queue/delete": { params: ThreadQueueDeleteParams; result: ThreadQueueDeleteResponse };
  "thread/queue/reorder": { params: ThreadQueueReorderParams; result: ThreadQueueReorderResponse };
  "thread/queue/start": { params: ThreadQueueStartParams; result: ThreadQueueStartResponse };
  "thread/metadata/update": { params: ThreadMetadataUpdateParams; result: ThreadMetadataUpdateResponse };
  "thread/attachment/add": { params: ThreadAttachmentAddParams; result: ThreadAttachmentAddResponse };
  "thread/attachment/list": { params: ThreadAttachmentListParams; result: ThreadAttachmentListResponse };
  "thread/attachmentOwner/list": { params: ThreadAttachmentOwnerListParams; result: ThreadAttachmentOwnerListResponse };
  "thread/attachment/remove": { params: ThreadAttachmentRemoveParams; result: ThreadAttachmentRemoveResponse };
  "thread/section/move": { params: ThreadSectionMoveParams; result: ThreadSectionMoveResponse };
  "thread/settings/update": { params: ThreadSettingsUpdateParams; result: ThreadSettingsUpdateResponse };
  "thread/memoryMode/set": { params: ThreadMemoryModeSetParams; result: ThreadMemoryModeSetResponse };
  "thread/memory/read": { params: ThreadMemoryReadParams; result: ThreadMemoryReadResponse };
  "memory/status": { params: MemoryStatusParams; result: MemoryStatusResponse };
  "memory/reset": { params: undefined; result: MemoryResetResponse };
  "rollout/compress": { params: undefined; result: RolloutCompressResponse };
  "thread/unarchive": { params: ThreadUnarchiveParams; result: ThreadUnarchiveResponse };
  "thread/compact/start": { params: ThreadCompactStartParams; result: ThreadCompactStartResponse };
  "thread/shellCommand": { params: ThreadShellCommandParams; result: ThreadShellCommandResponse };
  "thread/approveGuardianDeniedAction": { params: ThreadApproveGuardianDeniedActionParams; result: ThreadApproveGuardianDeniedActionResponse };
  "thread/backgroundTerminals/clean": { params: ThreadBackgroundTerminalsCleanParams; result: ThreadBackgroundTerminalsCleanResponse };
  "thread/backgroundTerminals/list": { params: ThreadBackgroundTerminalsListParams; result: ThreadBackgroundTerminalsListResponse };
  "thread/backgroundTerminals/terminate": { params: ThreadBackgroundTerminalsTerminateParams; result: ThreadBackgroundTerminalsTerminateResponse };
  "thread/revert": { params: ThreadRevertParams; result: ThreadRevertResponse };
  "thread/list": { params: ThreadListParams; result: ThreadListResponse };
  "project/list": { params: ProjectListParams; result: ProjectListResponse };
  "project/read": { params: ProjectReadParams; result: ProjectReadResponse };
  "project/create": { params: ProjectCreateParams; result: ProjectCreateResponse };
  "project/import": { params: ProjectImportParams; result: ProjectImportResponse };
  "project/update": { params: ProjectUpdateParams; result: ProjectUpdateResponse };
  "project/move": { params: ProjectMoveParams; result: ProjectMoveResponse };
  "project/delete": { params: ProjectDeleteParams; result: ProjectDeleteResponse };
  "threadSection/list": { params: ThreadSectionListParams; result: ThreadSectionListResponse };
  "threadSection/create": { params: ThreadSectionCreateParams; result: ThreadSectionCreateResponse };
  "threadSection/update": { params: ThreadSectionUpdateParams; result: ThreadSectionUpdateResponse };
  "threadSection/delete": { params: ThreadSectionDeleteParams; result: ThreadSectionDeleteResponse };
  "thread/search": { params: ThreadSearchParams; result: ThreadSearchResponse };
  "thread/search/stream": { params: ThreadSearchParams; result: ThreadSearchResponse };
  "thread/search/cancel": { params: ThreadSearchCancelParams; result: ThreadSearchCancelResponse };
  "thread/search/stream/cancel": { params: ThreadSearchCancelParams; result: ThreadSearchCancelResponse };
  "thread/searchOccurrences": { params: ThreadSearchOccurrencesParams; result: ThreadSearchOccurrencesResponse };
  "thread/loaded/list": { params: ThreadLoadedListParams; result: ThreadLoadedListResponse };
  "thread/read": { params: ThreadReadParams; result: ThreadReadResponse };
  "thread/readState/update": { params: ThreadReadStateUpdateParams; result: ThreadReadStateUpdateResponse };
  "thread/turns/list": { params: ThreadTurnsListParams; result: ThreadTurnsListResponse };
  "thread/items/list": { params: ThreadItemsListParams; result: ThreadItemsListResponse };
  "thread/items/read": { params: ThreadItemsReadParams; result: ThreadItemsReadResponse };
  "thread/guardianReview": { params: ThreadGuardianReviewParams; result: ThreadGuardianReviewResponse };
  "thread/inject_items": { params: ThreadInjectItemsParams; result: ThreadInjectItemsResponse };
  "thread/prepareApprovedPlan": { params: ThreadPrepareApprovedPlanParams; result: ThreadPrepareApprovedPlanResponse };
  "skills/list": { params: SkillsListParams; result: SkillsListResponse };
  "skills/extraRoots/set": { params: SkillsExtraRootsSetParams; result: SkillsExtraRootsSetResponse };
  "hooks/list": { params: HooksListParams; result: HooksListResponse };
  "marketplace/add": { params: MarketplaceAddParams; result: MarketplaceAddResponse };
  "marketplace/remove": { params: MarketplaceRemoveParams; result: MarketplaceRemoveResponse };
  "marketplace/upgrade": { params: MarketplaceUpgradeParams; result: MarketplaceUpgradeResponse };
  "plugin/list": { params: PluginListParams; result: PluginListResponse };
  "plugin/search": { params: PluginSearchParams; result: PluginSearchResponse };
  "plugin/installed": { params: PluginInstalledParams; result: PluginInstalledResponse };
  "plugin/reconcile": { params: PluginReconcileParams; result: PluginReconcileResponse };
  "plugin/read": { params: PluginReadParams; result: PluginReadResponse };
  "plugin/skill/read": { params: PluginSkillReadParams; result: PluginSkillReadResponse };
  "plugin/share/save": { params: PluginShareSaveParams; result: PluginShareSaveResponse };
  "plugin/share/updateTargets": { params: PluginShareUpdateTargetsParams; result: PluginShareUpdateTargetsResponse };
  "plugin/share/list": { params: PluginShareListParams; result: PluginShareListResponse };
  "plugin/share/checkout": { params: PluginShareCheckoutParams; result: PluginShareCheckoutResponse };
  "plugin/share/delete": { params: PluginShareDeleteParams; result: PluginShareDeleteResponse };
  "app/read": { params: AppsReadParams; result: AppsReadResponse };
  "app/list": { params: AppsListParams; result: AppsListResponse };
  "app/installed": { params: AppsInstalledParams; result: AppsInstalledResponse };
  "fs/readFile": { params: FsReadFileParams; result: FsReadFileResponse };
  "fs/writeFile": { params: FsWriteFileParams; result: FsWriteFileResponse };
  "fs/createDirectory": { params: FsCreateDirectoryParams; result: FsCreateDirectoryResponse };
  "fs/getMetadata": { params: FsGetMetadataParams; result: FsGetMetadataResponse };
  "fs/readDirectory": { params: FsReadDirectoryParams; result: FsReadDirectoryResponse };
  "fs/remove": { params: FsRemoveParams; result: FsRemoveResponse };
  "fs/copy": { params: FsCopyParams; result: FsCopyResponse };
  "fs/watch": { params: FsWatchParams; result: FsWatchResponse };
  "fs/unwatch": { params: FsUnwatchParams; result: FsUnwatchResponse };
  "skills/config/write": { params: SkillsConfigWriteParams; result: SkillsConfigWriteResponse };
  "plugin/install": { params: PluginInstallParams; result: PluginInstallResponse };
  "plugin/uninstall": { params: PluginUninstallParams; result: PluginUninstallResponse };
  "turn/start": { params: TurnStartParams; result: TurnStartResponse };
  "turn/settings/update": { params: TurnSettingsUpdateParams; result: TurnSettingsUpdateResponse };
  "turn/steer": { params: TurnSteerParams; result: TurnSteerResponse };
  "turn/interrupt": { params: TurnInterruptParams; result: TurnInterruptResponse };
  "thread/realtime/start": { params: ThreadRealtimeStartParams; result: ThreadRealtimeStartResponse };
  "thread/realtime/appendAudio": { params: ThreadRealtimeAppendAudioParams; result: ThreadRealtimeAppendAudioResponse };
  "thread/realtime/appendText": { params: ThreadRealtimeAppendTextParams; result: ThreadRealtimeAppendTextResponse };
  "thread/realtime/appendSpeech": { params: ThreadRealtimeAppendSpeechParams; result: ThreadRealtimeAppendSpeechResponse };
  "thread/realtime/stop": { params: ThreadRealtimeStopParams; result: ThreadRealtimeStopResponse };
  "thread/timeline/list": { params: ThreadTimelineListParams; result: ThreadTimelineListResponse };
  "thread/realtime/list": { params: ThreadRealtimeListParams; result: ThreadRealtimeListResponse };
  "thread/realtime/listVoices": { params: ThreadRealtimeListVoicesParams; result: ThreadRealtimeListVoicesResponse };
  "review/start": { params: ReviewStartParams; result: ReviewStartResponse };
  "model/list": { params: ModelListParams; result: ModelListResponse };
  "account/gatewayOAuth/read": { params: GatewayOAuthReadParams | null | undefined; result: GatewayOAuthReadResponse };
  "account/gatewayOAuth/login": { params: GatewayOAuthLoginParams | null | undefined; result: GatewayOAuthLoginResponse };
  "account/gatewayOAuth/cancel": { params: undefined; result: GatewayOAuthCancelResponse };
  "modelProvider/list": { params: ModelProviderListParams; result: ModelProviderListResponse };
  "modelProvider/config/write": { params: ModelProviderConfigWriteParams; result: ModelProviderConfigWriteResponse };
  "modelProvider/default/set": { params: ModelProviderDefaultSetParams; result: ConfigWriteResponse };
  "modelProvider/capabilities/read": { params: ModelProviderCapabilitiesReadParams; result: ModelProviderCapabilitiesReadResponse };
  "experimentalFeature/list": { params: ExperimentalFeatureListParams; result: ExperimentalFeatureListResponse };
  "permissionProfile/list": { params: PermissionProfileListParams; result: PermissionProfileListResponse };
  "experimentalFeature/enablement/set": { params: ExperimentalFeatureEnablementSetParams; result: ExperimentalFeatureEnablementSetResponse };
  "remoteControl/enable": { params: RemoteControlEnableParams | null; result: RemoteControlEnableResponse };
  "remoteControl/disable": { params: RemoteControlDisableParams | null; result: RemoteControlDisableResponse };
  "remoteControl/status/read": { params: undefined; result: RemoteControlStatusReadResponse };
  "remoteControl/pairing/start": { params: RemoteControlPairingStartParams; result: RemoteControlPairingStartResponse };
  "remoteControl/pairing/status": { params: RemoteControlPairingStatusParams; result: RemoteControlPairingStatusResponse };
  "remoteControl/client/list": { params: RemoteControlClientsListParams; result: RemoteControlClientsListResponse };
  "remoteControl/client/revoke": { params: RemoteControlClientsRevokeParams; result: RemoteControlClientsRevokeResponse };
  "collaborationMode/list": { params: CollaborationModeListParams; result: CollaborationModeListResponse };
  "mock/experimentalMethod": { params: MockExperimentalMethodParams; result: MockExperimentalMethodResponse };
  "environment/add": { params: EnvironmentAddParams; result: EnvironmentAddResponse };
  "environment/info": { params: EnvironmentInfoParams; result: EnvironmentInfoResponse };
  "environment/status": { params: EnvironmentStatusParams; result: EnvironmentStatusResponse };
  "mcpServer/oauth/login": { params: McpServerOauthLoginParams; result: McpServerOauthLoginResponse };
  "config/mcpServer/reload": { params: undefined; result: McpServerRefreshResponse };
  "mcpServerStatus/list": { params: ListMcpServerStatusParams; result: ListMcpServerStatusResponse };
  "mcpServer/resource/read": { params: McpResourceReadParams; result: McpResourceReadResponse };
  "mcpServer/event/stream/start": { params: McpServerEventStreamStartParams; result: McpServerEventStreamStartResponse };
  "mcpServer/event/stream/stop": { params: McpServerEventStreamStopParams; result: McpServerEventStreamStopResponse };
  "mcpServer/tool/call": { params: McpServerToolCallParams; result: McpServerToolCallResponse };
  "windowsSandbox/setupStart": { params: WindowsSandboxSetupStartParams; result: WindowsSandboxSetupStartResponse };
  "windowsSandbox/readiness": { params: undefined; result: WindowsSandboxReadinessResponse };
  "account/login/start": { params: LoginAccountParams; result: LoginAccountResponse };
  "account/bedrock/discover": { params: BedrockDiscoverParams; result: BedrockDiscoverResponse };
  "account/bedrock/setup": { params: BedrockSetupParams; result: BedrockSetupResponse };
  "account/gcp/setup": { params: GcpSetupParams; result: GcpSetupResponse };
  "account/bedrock/checkGovCloudRequirements": { params: BedrockCheckGovCloudRequirementsParams; result: BedrockCheckGovCloudRequirementsResponse };
  "account/login/cancel": { params: CancelLoginAccountParams; result: CancelLoginAccountResponse };
  "accountSession/list": { params: AccountSessionsListParams; result: AccountSessionsResponse };
  "accountSession/switch": { params: AccountSessionsSwitchParams; result: AccountSessionsSwitchResponse };
  "account/logout": { params: undefined; result: LogoutAccountResponse };
  "account/securitySetup/read": { params: undefined; result: GetAccountSecuritySetupResponse };
  "account/rateLimits/read": { params: GetAccountRateLimitsParams | undefined; result: GetAccountRateLimitsResponse };
  "account/rateLimitResetCredit/consume": { params: ConsumeAccountRateLimitResetCreditParams; result: ConsumeAccountRateLimitResetCreditResponse };
  "account/usage/read": { params: GetAccountTokenUsageParams | undefined; result: GetAccountTokenUsageResponse };
  "account/workspaceMessages/read": { params: undefined; result: GetWorkspaceMessagesResponse };
  "account/sendAddCreditsNudgeEmail": { params: SendAddCreditsNudgeEmailParams; result: SendAddCreditsNudgeEmailResponse };
  "feedback/upload": { params: FeedbackUploadParams; result: FeedbackUploadResponse };
  "feedback/save": { params: FeedbackSaveParams; result: FeedbackSaveResponse };
  "command/exec": { params: CommandExecParams; result: CommandExecResponse };
  "command/exec/write": { params: CommandExecWriteParams; result: CommandExecWriteResponse };
  "command/exec/terminate": { params: CommandExecTerminateParams; result: CommandExecTerminateResponse };
  "command/exec/resize": { params: CommandExecResizeParams; result: CommandExecResizeResponse };
  "process/spawn": { params: ProcessSpawnParams; result: ProcessSpawnResponse };
  "process/writeStdin": { params: ProcessWriteStdinParams; result: ProcessWriteStdinResponse };
  "process/kill": { params: ProcessKillParams; result: ProcessKillResponse };
  "process/resizePty": { params: ProcessResizePtyParams; result: ProcessResizePtyResponse };
  "config/read": { params: ConfigReadParams; result: ConfigReadResponse };
  "externalAgentConfig/detect": { params: ExternalAgentConfigDetectParams; result: ExternalAgentConfigDetectResponse };
  "externalAgentConfig/import": { params: ExternalAgentConfigImportParams; result: ExternalAgentConfigImportResponse };
  "externalAgentConfig/import/recordHistory": { params: ExternalAgentConfigImportHistoryRecordParams; result: ExternalAgentConfigImportHistoryRecordResponse };
  "externalAgentConfig/import/readHistories": { params: undefined; result: ExternalAgentConfigImportHistoriesReadResponse };
  "config/value/write": { params: ConfigValueWriteParams; result: ConfigWriteResponse };
  "config/batchWrite": { params: ConfigBatchWriteParams; result: ConfigWriteResponse };
  "configRequirements/read": { params: undefined; result: ConfigRequirementsReadResponse };
  "account/read": { params: GetAccountParams; result: GetAccountResponse };
  "getConversationSummary": { params: GetConversationSummaryParams; result: GetConversationSummaryResponse };
  "gitDiffToRemote": { params: GitDiffToRemoteParams; result: GitDiffToRemoteResponse };
  "getAuthStatus": { params: GetAuthStatusParams; result: GetAuthStatusResponse };
  "fuzzyFileSearch": { params: FuzzyFileSearchParams; result: FuzzyFileSearchResponse };
  "fuzzyFileSearch/sessionStart": { params: FuzzyFileSearchSessionStartParams; result: FuzzyFileSearchSessionStartResponse };
  "fuzzyFileSearch/sessionUpdate": { params: FuzzyFileSearchSessionUpdateParams; result: FuzzyFileSearchSessionUpdateResponse };
  "fuzzyFileSearch/sessionStop": { params: FuzzyFileSearchSessionStopParams; result: FuzzyFileSearchSessionStopResponse };
};

/** Every server-initiated request method of the experimental protocol, with its params and the response the client sends. @experimental */
export type ExperimentalServerRequestMap = {
  "item/commandExecution/requestApproval": { params: CommandExecutionRequestApprovalParams; result: CommandExecutionRequestApprovalResponse };
  "item/fileChange/requestApproval": { params: FileChangeRequestApprovalParams; result: FileChangeRequestApprovalResponse };
  "item/tool/requestUserInput": { params: ToolRequestUserInputParams; result: ToolRequestUserInputResponse };
  "mcpServer/elicitation/request": { params: McpServerElicitationRequestParams; result: McpServerElicitationRequestResponse };
  "item/permissions/requestApproval": { params: PermissionsRequestApprovalParams; result: PermissionsRequestApprovalResponse };
  "item/tool/call": { params: DynamicToolCallParams; result: DynamicToolCallResponse };
  "account/chatgptAuthTokens/refresh": { params: ChatgptAuthTokensRefreshParams; result: ChatgptAuthTokensRefreshResponse };
  "attestation/generate": { params: AttestationGenerateParams; result: AttestationGenerateResponse };
  "applyPatchApproval": { params: ApplyPatchApprovalParams; result: ApplyPatchApprovalResponse };
  "execCommandApproval": { params: ExecCommandApprovalParams; result: ExecCommandApprovalResponse };
};

/** The client request methods only the experimental protocol has (not in the stable `ClientRequestMap`). @experimental */
export const EXPERIMENTAL_CLIENT_METHODS = [
  "server/diagnostics",
  "userVerification/status",
  "userVerification/enroll",
  "userVerification/delete",
  "userVerification/verify",
  "userVerification/cancel",
  "thread/sample",
  "thread/sample/cancel",
  "thread/increment_elicitation",
  "thread/decrement_elicitation",
  "thread/prediction/request",
  "thread/queue/add",
  "thread/queue/list",
  "thread/queue/update",
  "thread/queue/delete",
  "thread/queue/reorder",
  "thread/queue/start",
  "thread/settings/update",
  "thread/memoryMode/set",
  "thread/memory/read",
  "memory/status",
  "memory/reset",
  "rollout/compress",
  "thread/backgroundTerminals/clean",
  "thread/backgroundTerminals/list",
  "thread/backgroundTerminals/terminate",
  "project/list",
  "project/read",
  "project/create",
  "project/import",
  "project/update",
  "project/move",
  "project/delete",
  "thread/search",
  "thread/search/stream",
  "thread/search/cancel",
  "thread/search/stream/cancel",
  "thread/searchOccurrences",
  "thread/readState/update",
  "thread/items/read",
  "thread/guardianReview",
  "thread/prepareApprovedPlan",
  "plugin/search",
  "turn/settings/update",
  "thread/realtime/start",
  "thread/realtime/appendAudio",
  "thread/realtime/appendText",
  "thread/realtime/appendSpeech",
  "thread/realtime/stop",
  "thread/timeline/list",
  "thread/realtime/list",
  "thread/realtime/listVoices",
  "remoteControl/enable",
  "remoteControl/disable",
  "remoteControl/status/read",
  "remoteControl/pairing/start",
  "remoteControl/pairing/status",
  "remoteControl/client/list",
  "remoteControl/client/revoke",
  "collaborationMode/list",
  "mock/experimentalMethod",
  "environment/add",
  "environment/info",
  "environment/status",
  "mcpServer/event/stream/start",
  "mcpServer/event/stream/stop",
  "account/bedrock/discover",
  "account/bedrock/setup",
  "account/gcp/setup",
  "account/bedrock/checkGovCloudRequirements",
  "accountSession/list",
  "accountSession/switch",
  "process/spawn",
  "process/writeStdin",
  "process/kill",
  "process/resizePty",
  "fuzzyFileSearch/sessionStart",
  "fuzzyFileSearch/sessionUpdate",
  "fuzzyFileSearch/sessionStop",
] as const;

/** A client request method only the experimental protocol has. @experimental */
export type ExperimentalClientRequestMethod = Exclude<keyof ExperimentalClientRequestMap, keyof import("../methods.js").ClientRequestMap>;
