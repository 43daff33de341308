//! `wadispatch.v1.ConversationService`.

use crate::proto::v1::conversation_service_server::ConversationService;
use crate::proto::v1::*;
use crate::upstream::routes;

super::unary_service! {
    ConversationApi: ConversationService {
        wake_up_conversations(WakeUpConversationsRequest) -> WakeUpConversationsResponse => routes::WAKE_UP_CONVERSATIONS, ConversationsSend;
        get_wake_up_results(GetWakeUpResultsRequest) -> GetWakeUpResultsResponse => routes::GET_WAKE_UP_RESULTS, ConversationsRead;
    }
}
